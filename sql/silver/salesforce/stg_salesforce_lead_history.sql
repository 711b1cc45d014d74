-- Lead field changes up to the end of the business date, typed, one row per history record.
SELECT
  id AS lead_history_id,
  lead_id,
  parse_timestamp(created_date) AS changed_at,
  field,
  old_value,
  new_value
FROM latest_raw_salesforce_lead_history
WHERE parse_timestamp(created_date) < date_add(${business_date}, 1)
