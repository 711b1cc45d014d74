-- Salesforce tasks (sales activities) as of the business date, typed. occurred_at is the
-- activity's own time when set, else its creation time.
SELECT
  id AS task_id,
  who_id,
  what_id,
  owner_id,
  subject,
  type AS task_type,
  task_subtype AS subtype,
  parse_date(activity_date) AS activity_date,
  coalesce(parse_timestamp(activity_date_time), parse_timestamp(created_date)) AS occurred_at,
  parse_timestamp(created_date) AS created_at,
  status
FROM latest_raw_salesforce_task
WHERE parse_timestamp(created_date) < date_add(${business_date}, 1)
