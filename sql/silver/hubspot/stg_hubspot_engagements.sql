-- HubSpot engagements (calls, e-mails, meetings) up to the end of the business date, one row per
-- engagement and associated contact (from the engagement's associations, and from a connector's
-- engagement_contact table). Connector tables per engagement type (engagement_call, ...) name the
-- type in their folder when a row does not.
WITH engagements AS (
  SELECT * FROM latest_raw_hubspot_engagements
),

contacts AS (
  SELECT e.id AS engagement_id, contact.id AS contact_id
  FROM engagements AS e
  LATERAL VIEW explode(from_json(e.contact_ids, 'array<struct<id:string>>')) AS contact
  UNION
  SELECT engagement_id, contact_id FROM latest_raw_hubspot_engagement_contacts
)

SELECT
  e.id AS engagement_id,
  lower(coalesce(
    e.hs_engagement_type,
    e.engagement_type,
    nullif(regexp_extract(lower(e._source_file), '/engagement_([a-z]+)/', 1), '')
  )) AS engagement_type,
  e.hubspot_owner_id AS owner_id,
  coalesce(parse_timestamp(e.hs_timestamp), parse_timestamp(e.created_at)) AS occurred_at,
  e.hs_call_title AS subject,
  c.contact_id
FROM engagements AS e
LEFT JOIN contacts AS c ON c.engagement_id = e.id
WHERE coalesce(parse_timestamp(e.hs_timestamp), parse_timestamp(e.created_at)) < date_add(${business_date}, 1)
