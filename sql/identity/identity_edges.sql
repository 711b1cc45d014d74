-- The identity graph's edges: pairs of identifiers known to belong to one person. Identifiers are
-- typed strings: crm:<person record>, email:<keyed hash>, cookie:<GA4 user_pseudo_id>,
-- gclid:/fbclid:/lifatid:<click id>, userid:<GA4 user_id that matches no CRM record>. Every
-- identifier also appears paired with itself, so lone identifiers become people of their own.
-- identity_email_sha256 is an in-memory view of the plain SHA-256 of CRM e-mails (as a site's tag
-- hashes them into GA4 user_id) next to Tandem's keyed hash; it is never stored.
WITH sessions AS (
  SELECT user_pseudo_id, user_id, gclid, fbclid, li_fat_id FROM silver.web_sessions
),

ga4_user_ids AS (
  SELECT DISTINCT user_pseudo_id, user_id FROM sessions WHERE user_id IS NOT NULL
)

SELECT
  concat('crm:', person_record_id) AS left_id, concat('crm:', person_record_id) AS right_id, 'crm record' AS evidence
FROM silver.crm_people
UNION ALL
SELECT DISTINCT concat('cookie:', user_pseudo_id), concat('cookie:', user_pseudo_id), 'web visitor'
FROM sessions
UNION ALL
SELECT concat('crm:', person_record_id), concat('email:', email_key), 'crm e-mail'
FROM silver.crm_people WHERE email_key IS NOT NULL
UNION ALL
SELECT concat('crm:', person_record_id), concat('crm:', converted_contact_id), 'lead conversion'
FROM silver.crm_people WHERE record_type = 'lead' AND converted_contact_id IS NOT NULL
UNION ALL
SELECT concat('crm:', person_record_id), concat('cookie:', ga_client_id), 'form client id'
FROM silver.crm_people WHERE ga_client_id IS NOT NULL
UNION ALL
SELECT concat('crm:', person_record_id), concat('gclid:', gclid), 'form click id'
FROM silver.crm_people WHERE gclid IS NOT NULL
UNION ALL
SELECT DISTINCT concat('cookie:', user_pseudo_id), concat('gclid:', gclid), 'landing page click id'
FROM sessions WHERE gclid IS NOT NULL
UNION ALL
SELECT DISTINCT concat('cookie:', user_pseudo_id), concat('fbclid:', fbclid), 'landing page click id'
FROM sessions WHERE fbclid IS NOT NULL
UNION ALL
SELECT DISTINCT concat('cookie:', user_pseudo_id), concat('lifatid:', li_fat_id), 'landing page click id'
FROM sessions WHERE li_fat_id IS NOT NULL
UNION ALL
SELECT
  concat('cookie:', u.user_pseudo_id),
  coalesce(concat('crm:', p.person_record_id), concat('email:', e.email_key), concat('userid:', u.user_id)),
  'ga4 user id'
FROM ga4_user_ids AS u
LEFT JOIN silver.crm_people AS p ON p.person_record_id = u.user_id
LEFT JOIN (SELECT DISTINCT email_sha256, email_key FROM identity_email_sha256) AS e
  ON e.email_sha256 = lower(u.user_id)
