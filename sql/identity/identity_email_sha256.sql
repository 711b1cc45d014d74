-- The plain SHA-256 of every CRM e-mail address (trimmed, lower-cased: how site tags hash them
-- into GA4 user_id) beside Tandem's keyed hash. Built in memory by the identity step from the
-- latest bronze versions; never written to a table.
SELECT sha2(lower(trim(email)), 256) AS email_sha256, email_key(email) AS email_key
FROM latest_raw_salesforce_lead WHERE email IS NOT NULL
UNION
SELECT sha2(lower(trim(email)), 256), email_key(email)
FROM latest_raw_salesforce_contact WHERE email IS NOT NULL
UNION
SELECT sha2(lower(trim(email)), 256), email_key(email)
FROM latest_raw_hubspot_contacts WHERE email IS NOT NULL
