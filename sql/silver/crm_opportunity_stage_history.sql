-- When each deal entered each pipeline stage: Salesforce OpportunityHistory rows where the stage
-- changed, or HubSpot's hs_date_entered_<stage> properties.
WITH sf AS (
  SELECT
    *,
    lag(stage_name) OVER (PARTITION BY opportunity_id ORDER BY changed_at, opportunity_history_id) AS previous_stage
  FROM silver.stg_salesforce_opportunity_history
)

SELECT
  opportunity_id,
  'salesforce' AS source_system,
  stage_name,
  changed_at AS entered_at,
  amount,
  close_date,
  probability
FROM sf
WHERE previous_stage IS NULL OR previous_stage != stage_name

UNION ALL

SELECT
  d.deal_id,
  'hubspot',
  regexp_extract(entered_key, 'hs_date_entered_(.*)$', 1),
  parse_timestamp(entered_value),
  d.amount,
  d.close_date,
  CAST(NULL AS DECIMAL(5, 2))
FROM silver.stg_hubspot_deals AS d
LATERAL VIEW explode(d.stage_entered_raw) entered AS entered_key, entered_value
WHERE parse_timestamp(entered_value) < date_add(${business_date}, 1)
