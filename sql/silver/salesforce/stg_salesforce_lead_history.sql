-- Lead field history up to the end of the business date, typed, one row per history id.
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY id ORDER BY _extract_date DESC, _source_file DESC, _source_record DESC
    ) AS version_rank
  FROM bronze.raw_salesforce_lead_history
  WHERE _extract_date <= ${business_date}
)

SELECT
  id AS lead_history_id,
  lead_id,
  parse_timestamp(created_date) AS changed_at,
  field,
  old_value,
  new_value
FROM versions
WHERE version_rank = 1
  AND parse_timestamp(created_date) < date_add(${business_date}, 1)
