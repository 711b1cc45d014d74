-- Attribution credits: for every new-business opportunity and every attribution model, the share
-- of credit each channel on its path gets (docs/kpis.md, "Attribution"): the credits of the
-- channel's campaigns in gold.fct_campaign_attribution_credits, added up. Per opportunity and model
-- the credits sum to 1, so attributed pipeline sums to pipeline and attributed revenue to won
-- revenue. An opportunity without touches goes to '(unattributed)'. Credits are fractions:
-- exact_sum adds them in an order-free way, so the totals do not depend on how Spark split the work.
SELECT
  model,
  opportunity_id,
  channel,
  created_date,
  closed_date,
  is_won,
  exact_sum(pipeline_credit) AS pipeline_credit,
  exact_sum(revenue_credit) AS revenue_credit,
  exact_sum(attributed_pipeline) AS attributed_pipeline,
  exact_sum(attributed_revenue) AS attributed_revenue
FROM gold.fct_campaign_attribution_credits
GROUP BY model, opportunity_id, channel, created_date, closed_date, is_won
