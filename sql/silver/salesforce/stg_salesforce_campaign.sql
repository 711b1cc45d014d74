-- Salesforce campaigns, typed; costs in the reporting currency as the CRM records them.
SELECT
  id AS campaign_id,
  name AS campaign_name,
  type AS campaign_type,
  status,
  parse_date(start_date) AS start_date,
  parse_date(end_date) AS end_date,
  CAST(actual_cost AS DECIMAL(18, 2)) AS actual_cost,
  CAST(budgeted_cost AS DECIMAL(18, 2)) AS budgeted_cost
FROM latest_raw_salesforce_campaign
