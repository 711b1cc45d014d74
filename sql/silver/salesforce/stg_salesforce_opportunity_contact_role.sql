-- Contacts taking part in opportunities, typed.
SELECT
  id AS opportunity_contact_role_id,
  opportunity_id,
  contact_id,
  role,
  coalesce(parse_boolean(is_primary), FALSE) AS is_primary
FROM latest_raw_salesforce_opportunity_contact_role
