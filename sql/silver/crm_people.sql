-- Everyone the CRM knows as a person, from Salesforce (leads and contacts) or HubSpot (contacts),
-- in one shape: where they came from, and when sales accepted, qualified or rejected them
-- (from status history, with the conf status lists). A contact created by converting a lead is
-- flagged, so the funnel counts that person once.
WITH sf_status AS (
  SELECT
    lead_id,
    min(CASE WHEN new_value IN ${funnel.accepted_statuses} THEN changed_at END) AS accepted_at,
    min(CASE WHEN new_value IN ${funnel.qualified_statuses} THEN changed_at END) AS qualified_at,
    min(CASE WHEN new_value IN ${funnel.rejected_statuses} THEN changed_at END) AS rejected_at
  FROM silver.stg_salesforce_lead_history
  WHERE lower(field) = 'status'
  GROUP BY lead_id
),

conversion_contacts AS (
  SELECT DISTINCT converted_contact_id AS contact_id
  FROM silver.stg_salesforce_lead
  WHERE converted_contact_id IS NOT NULL
),

hubspot_first_deal AS (
  SELECT contact_id, min_by(deal_id, CASE WHEN created_at IS NOT NULL THEN struct(created_at, deal_id) END) AS deal_id
  FROM silver.stg_hubspot_deals
  WHERE contact_id IS NOT NULL
  GROUP BY contact_id
)

SELECT
  l.lead_id AS person_record_id,
  'lead' AS record_type,
  'salesforce' AS source_system,
  l.created_at,
  l.email_key,
  l.company,
  l.converted_account_id AS account_id,
  l.lead_source,
  l.utm_source,
  l.utm_medium,
  l.utm_campaign,
  l.gclid,
  l.ga_client_id,
  l.status,
  l.rating,
  l.lead_score AS score,
  l.mql_date AS crm_mql_at,
  s.accepted_at,
  coalesce(s.qualified_at, CAST(l.converted_date AS TIMESTAMP)) AS qualified_at,
  s.rejected_at,
  CAST(l.converted_date AS TIMESTAMP) AS converted_at,
  l.converted_contact_id,
  l.converted_opportunity_id,
  false AS is_conversion_contact,
  l.owner_id,
  l.country,
  l.industry
FROM silver.stg_salesforce_lead AS l
LEFT JOIN sf_status AS s ON s.lead_id = l.lead_id

UNION ALL

SELECT
  c.contact_id,
  'contact',
  'salesforce',
  c.created_at,
  c.email_key,
  CAST(NULL AS STRING),
  c.account_id,
  c.lead_source,
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  CAST(NULL AS DECIMAL(10, 2)),
  CAST(NULL AS TIMESTAMP),
  CAST(NULL AS TIMESTAMP),
  CAST(NULL AS TIMESTAMP),
  CAST(NULL AS TIMESTAMP),
  CAST(NULL AS TIMESTAMP),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  cc.contact_id IS NOT NULL,
  c.owner_id,
  c.country,
  CAST(NULL AS STRING)
FROM silver.stg_salesforce_contact AS c
LEFT JOIN conversion_contacts AS cc ON cc.contact_id = c.contact_id

UNION ALL

SELECT
  h.contact_id,
  'contact',
  'hubspot',
  coalesce(h.lead_date, h.created_at),
  h.email_key,
  h.company,
  h.company_id,
  concat_ws(' / ', h.analytics_source, h.analytics_source_data_1),
  CAST(NULL AS STRING),
  CAST(NULL AS STRING),
  h.analytics_source_data_2,
  h.gclid,
  h.ga_client_id,
  h.lead_status,
  CAST(NULL AS STRING),
  h.score,
  h.mql_date,
  h.accepted_at,
  coalesce(h.qualified_at, h.sql_date),
  h.rejected_at,
  h.opportunity_date,
  h.contact_id,
  d.deal_id,
  false,
  h.owner_id,
  h.country,
  h.industry
FROM silver.stg_hubspot_contacts AS h
LEFT JOIN hubspot_first_deal AS d ON d.contact_id = h.contact_id
