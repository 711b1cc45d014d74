-- Sales and marketing activities on people: Salesforce tasks and events (WhoId) and HubSpot
-- engagements, with the team of the user who did them (conf/teams.csv).
WITH users AS (
  SELECT user_id, team FROM silver.stg_salesforce_user
),

salesforce_activities AS (
  SELECT
    a.activity_id,
    'salesforce' AS source_system,
    a.activity_object AS activity_type,
    lower(coalesce(a.subtype, a.activity_type, a.activity_object)) AS activity_subtype,
    a.who_id AS person_record_id,
    a.owner_id,
    coalesce(u.team, 'unknown') AS owner_team,
    a.occurred_at,
    a.subject
  FROM silver.stg_salesforce_activity AS a
  LEFT JOIN users AS u ON u.user_id = a.owner_id
),

hubspot_engagements AS (
  SELECT
    concat(e.engagement_id, ':', coalesce(e.contact_id, '')) AS activity_id,
    'hubspot' AS source_system,
    'engagement' AS activity_type,
    coalesce(e.engagement_type, 'engagement') AS activity_subtype,
    e.contact_id AS person_record_id,
    e.owner_id,
    '${crm.hubspot_owner_team}' AS owner_team,
    e.occurred_at,
    e.subject
  FROM silver.stg_hubspot_engagements AS e
)

SELECT * FROM salesforce_activities
UNION ALL
SELECT * FROM hubspot_engagements
