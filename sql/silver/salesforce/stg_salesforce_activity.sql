-- Salesforce activities as of the business date, typed: tasks and events, the two objects
-- Salesforce's own activity history puts side by side, with the same fields. occurred_at is the
-- activity's own time when set, else its creation time.
WITH activities AS (
  SELECT 'task' AS activity_object, id, who_id, what_id, owner_id, subject, type, task_subtype, activity_date,
    activity_date_time, created_date, status
  FROM latest_raw_salesforce_task
  UNION ALL
  SELECT 'event' AS activity_object, id, who_id, what_id, owner_id, subject, type, task_subtype, activity_date,
    activity_date_time, created_date, status
  FROM latest_raw_salesforce_event
)

SELECT
  a.id AS activity_id,
  a.activity_object,
  a.who_id,
  a.what_id,
  a.owner_id,
  a.subject,
  a.type AS activity_type,
  a.task_subtype AS subtype,
  parse_date(a.activity_date) AS activity_date,
  coalesce(parse_timestamp(a.activity_date_time), parse_timestamp(a.created_date)) AS occurred_at,
  parse_timestamp(a.created_date) AS created_at,
  a.status
FROM activities AS a
WHERE parse_timestamp(a.created_date) < date_add(${business_date}, 1)
