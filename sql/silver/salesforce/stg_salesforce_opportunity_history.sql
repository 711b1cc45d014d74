-- Opportunity stage, amount and close-date changes up to the end of the business date.
SELECT
  id AS opportunity_history_id,
  opportunity_id,
  parse_timestamp(created_date) AS changed_at,
  stage_name,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  parse_date(close_date) AS close_date,
  CAST(probability AS DECIMAL(5, 2)) AS probability
FROM latest_raw_salesforce_opportunity_history
WHERE parse_timestamp(created_date) < date_add(${business_date}, 1)
