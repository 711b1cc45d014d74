-- Sales and marketing activities on people: Salesforce tasks and events (WhoId) and HubSpot
-- engagements, with the team of the user who did them (conf/teams.csv).
WITH users AS (
  SELECT user_id, team FROM silver.stg_salesforce_user
)

SELECT
  t.task_id AS activity_id,
  'salesforce' AS source_system,
  'task' AS activity_type,
  lower(coalesce(t.subtype, t.task_type, 'task')) AS activity_subtype,
  t.who_id AS person_record_id,
  t.owner_id,
  coalesce(u.team, 'unknown') AS owner_team,
  t.occurred_at,
  t.subject
FROM silver.stg_salesforce_task AS t
LEFT JOIN users AS u ON u.user_id = t.owner_id

UNION ALL

SELECT
  e.event_id,
  'salesforce',
  'event',
  lower(coalesce(e.subtype, e.event_type, 'event')),
  e.who_id,
  e.owner_id,
  coalesce(u.team, 'unknown'),
  e.occurred_at,
  e.subject
FROM silver.stg_salesforce_event AS e
LEFT JOIN users AS u ON u.user_id = e.owner_id

UNION ALL

SELECT
  concat(engagement_id, ':', coalesce(contact_id, '')),
  'hubspot',
  'engagement',
  coalesce(engagement_type, 'engagement'),
  contact_id,
  owner_id,
  '${crm.hubspot_owner_team}',
  occurred_at,
  subject
FROM silver.stg_hubspot_engagements
