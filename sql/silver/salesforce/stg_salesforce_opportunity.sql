-- Salesforce opportunities as they stood at the end of the business date: typed, latest version
-- per id by SystemModstamp, deleted ones removed. Amount stays in the record's own currency.
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY id
      ORDER BY
        parse_timestamp(system_modstamp) DESC NULLS LAST,
        parse_timestamp(last_modified_date) DESC NULLS LAST,
        _extract_date DESC, _source_file DESC, _source_record DESC
    ) AS version_rank
  FROM bronze.raw_salesforce_opportunity
  WHERE _extract_date <= ${business_date}
)

SELECT
  id AS opportunity_id,
  account_id,
  name AS opportunity_name,
  stage_name,
  CAST(amount AS DECIMAL(18, 2)) AS amount,
  upper(coalesce(currency_iso_code, '${money.reporting_currency}')) AS currency_code,
  parse_date(close_date) AS close_date,
  parse_timestamp(created_date) AS created_at,
  coalesce(parse_boolean(is_closed), false) AS is_closed,
  coalesce(parse_boolean(is_won), false) AS is_won,
  type AS opportunity_type,
  lead_source,
  campaign_id,
  owner_id,
  CAST(probability AS DECIMAL(5, 2)) AS probability,
  coalesce(parse_timestamp(system_modstamp), parse_timestamp(last_modified_date)) AS modified_at
FROM versions
WHERE version_rank = 1
  AND NOT coalesce(parse_boolean(is_deleted), false)
