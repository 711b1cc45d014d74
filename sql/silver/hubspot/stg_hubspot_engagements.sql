-- HubSpot engagements (calls, e-mails, meetings) up to the end of the business date, one row per
-- engagement and associated contact.
SELECT
  e.id AS engagement_id,
  lower(coalesce(e.hs_engagement_type, e.engagement_type)) AS engagement_type,
  e.hubspot_owner_id AS owner_id,
  coalesce(parse_timestamp(e.hs_timestamp), parse_timestamp(e.created_at)) AS occurred_at,
  e.hs_call_title AS subject,
  contact.id AS contact_id
FROM latest_raw_hubspot_engagements AS e
LATERAL VIEW OUTER explode(from_json(e.contact_ids, 'array<struct<id:string>>')) AS contact
WHERE coalesce(parse_timestamp(e.hs_timestamp), parse_timestamp(e.created_at)) < date_add(${business_date}, 1)
