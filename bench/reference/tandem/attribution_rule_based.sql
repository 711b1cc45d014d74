SELECT
  concat(model, '|', channel) AS key,
  sum(pipeline_credit) AS opportunities_credited,
  coalesce(sum(attributed_pipeline), 0) AS attributed_pipeline,
  coalesce(sum(attributed_revenue), 0) AS attributed_revenue
FROM gold.fct_attribution_credits
WHERE model IN ('first_touch', 'last_touch', 'linear')
GROUP BY 1
