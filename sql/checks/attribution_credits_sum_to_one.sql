-- KPI sanity: under every attribution model each opportunity's credits sum to 1 (pipeline) and,
-- when it was won, its revenue credits too. Returns the model and opportunity that do not.
SELECT concat(model, ':', opportunity_id) AS failing_record
FROM gold.fct_attribution_credits
GROUP BY model, opportunity_id, is_won
HAVING abs(sum(pipeline_credit) - 1) > 1e-9
   OR (is_won AND abs(sum(revenue_credit) - 1) > 1e-9)
