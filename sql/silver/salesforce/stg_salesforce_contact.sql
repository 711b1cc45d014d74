-- Salesforce contacts as of the business date, typed; the e-mail address replaced by keyed hashes.
SELECT
  id AS contact_id,
  account_id,
  email_key(email) AS email_key,
  parse_timestamp(created_date) AS created_at,
  lead_source,
  owner_id,
  mailing_country AS country,
  coalesce(parse_timestamp(system_modstamp), parse_timestamp(last_modified_date)) AS modified_at
FROM latest_raw_salesforce_contact
