-- Salesforce opportunities as of the business date, typed, latest version per id, deleted ones
-- removed. Amount stays in the record's own currency (the org's currency when it has one).
SELECT
  id AS opportunity_id,
  account_id,
  name AS opportunity_name,
  stage_name,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  upper(coalesce(currency_iso_code, '${money.reporting_currency}')) AS currency_code,
  parse_date(close_date) AS close_date,
  parse_timestamp(created_date) AS created_at,
  coalesce(parse_boolean(is_closed), FALSE) AS is_closed,
  coalesce(parse_boolean(is_won), FALSE) AS is_won,
  type AS opportunity_type,
  lead_source,
  campaign_id,
  owner_id,
  CAST(probability AS DECIMAL(5, 2)) AS probability,
  coalesce(parse_timestamp(system_modstamp), parse_timestamp(last_modified_date)) AS modified_at
FROM latest_raw_salesforce_opportunity
