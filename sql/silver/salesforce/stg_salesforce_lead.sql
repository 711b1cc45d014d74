-- Salesforce leads as they stood at the end of the business date: typed, one row per lead (its
-- latest version, deleted leads removed: see latest_* views in docs/architecture.md). The e-mail
-- address is replaced by a keyed hash (personal data stays in bronze only).
SELECT
  id AS lead_id,
  parse_timestamp(created_date) AS created_at,
  coalesce(parse_timestamp(system_modstamp), parse_timestamp(last_modified_date)) AS modified_at,
  email_key(email) AS email_key,
  company,
  lead_source,
  status,
  rating,
  CAST(lead_score AS DECIMAL(10, 2)) AS lead_score,
  parse_timestamp(mql_date) AS mql_at,
  coalesce(parse_boolean(is_converted), FALSE) AS is_converted,
  parse_date(converted_date) AS converted_date,
  converted_contact_id,
  converted_account_id,
  converted_opportunity_id,
  owner_id,
  country,
  industry,
  gclid,
  ga_client_id,
  utm_source,
  utm_medium,
  utm_campaign
FROM latest_raw_salesforce_lead
