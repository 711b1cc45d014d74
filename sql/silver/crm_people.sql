-- Everyone the CRM knows as a person, from Salesforce (leads and contacts) or HubSpot (contacts),
-- in one shape: where they came from, and when sales accepted, qualified or rejected them
-- (from status history, with the conf status lists). A contact created by converting a lead is
-- flagged, so the funnel counts that person once. One CTE per source, each naming every column.
WITH salesforce_lead_statuses AS (
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

hubspot_first_deals AS (
  SELECT contact_id, min_by(deal_id, CASE WHEN created_at IS NOT NULL THEN struct(created_at, deal_id) END) AS deal_id
  FROM silver.stg_hubspot_deals
  WHERE contact_id IS NOT NULL
  GROUP BY contact_id
),

salesforce_leads AS (
  SELECT
    l.lead_id AS person_record_id, 'lead' AS record_type, 'salesforce' AS source_system,
    l.created_at,
    l.email_key,
    l.company,
    l.converted_account_id AS account_id,
    l.lead_source, l.utm_source, l.utm_medium, l.utm_campaign, l.gclid, l.ga_client_id,
    l.status,
    l.rating,
    l.lead_score AS score,
    l.mql_at AS crm_mql_at,
    s.accepted_at,
    coalesce(s.qualified_at, CAST(l.converted_date AS TIMESTAMP)) AS qualified_at,
    s.rejected_at,
    CAST(l.converted_date AS TIMESTAMP) AS converted_at,
    l.converted_contact_id,
    l.converted_opportunity_id,
    FALSE AS is_conversion_contact,
    l.owner_id, l.country, l.industry
  FROM silver.stg_salesforce_lead AS l
  LEFT JOIN salesforce_lead_statuses AS s ON s.lead_id = l.lead_id
),

-- a Salesforce contact has no status, score or UTM fields of its own: its lead had them
salesforce_contacts AS (
  SELECT
    c.contact_id AS person_record_id, 'contact' AS record_type, 'salesforce' AS source_system,
    c.created_at,
    c.email_key,
    CAST(NULL AS STRING) AS company,
    c.account_id,
    c.lead_source,
    CAST(NULL AS STRING) AS utm_source, CAST(NULL AS STRING) AS utm_medium, CAST(NULL AS STRING) AS utm_campaign,
    CAST(NULL AS STRING) AS gclid, CAST(NULL AS STRING) AS ga_client_id,
    CAST(NULL AS STRING) AS status, CAST(NULL AS STRING) AS rating, CAST(NULL AS DECIMAL(10, 2)) AS score,
    CAST(NULL AS TIMESTAMP) AS crm_mql_at, CAST(NULL AS TIMESTAMP) AS accepted_at,
    CAST(NULL AS TIMESTAMP) AS qualified_at, CAST(NULL AS TIMESTAMP) AS rejected_at,
    CAST(NULL AS TIMESTAMP) AS converted_at,
    CAST(NULL AS STRING) AS converted_contact_id, CAST(NULL AS STRING) AS converted_opportunity_id,
    cc.contact_id IS NOT NULL AS is_conversion_contact,
    c.owner_id, c.country, CAST(NULL AS STRING) AS industry
  FROM silver.stg_salesforce_contact AS c
  LEFT JOIN conversion_contacts AS cc ON cc.contact_id = c.contact_id
),

-- HubSpot's original source and its drill-downs stand in for lead source and UTM campaign
hubspot_contacts AS (
  SELECT
    h.contact_id AS person_record_id, 'contact' AS record_type, 'hubspot' AS source_system,
    coalesce(h.lead_at, h.created_at) AS created_at,
    h.email_key,
    h.company,
    h.company_id AS account_id,
    concat_ws(' / ', h.analytics_source, h.analytics_source_data_1) AS lead_source,
    CAST(NULL AS STRING) AS utm_source, CAST(NULL AS STRING) AS utm_medium,
    h.analytics_source_data_2 AS utm_campaign, h.gclid, h.ga_client_id,
    h.lead_status AS status, CAST(NULL AS STRING) AS rating, h.score,
    h.mql_at AS crm_mql_at, h.accepted_at,
    coalesce(h.qualified_at, h.sql_at) AS qualified_at, h.rejected_at,
    h.opportunity_at AS converted_at,
    h.contact_id AS converted_contact_id, d.deal_id AS converted_opportunity_id,
    FALSE AS is_conversion_contact,
    h.owner_id, h.country, h.industry
  FROM silver.stg_hubspot_contacts AS h
  LEFT JOIN hubspot_first_deals AS d ON d.contact_id = h.contact_id
)

SELECT * FROM salesforce_leads
UNION ALL
SELECT * FROM salesforce_contacts
UNION ALL
SELECT * FROM hubspot_contacts
