-- Campaign memberships of leads and contacts, typed.
SELECT
  id AS campaign_member_id,
  campaign_id,
  lead_id,
  contact_id,
  status,
  coalesce(parse_boolean(has_responded), FALSE) AS has_responded,
  parse_date(first_responded_date) AS first_responded_date,
  parse_timestamp(created_date) AS created_at
FROM latest_raw_salesforce_campaign_member
