-- HubSpot contacts as of the business date, typed. The time a contact first got each lead status
-- comes from its status history (propertiesWithHistory.hs_lead_status, or a connector's
-- contact_property_history), when the extracts have it.
WITH contacts AS (
  SELECT * FROM latest_raw_hubspot_contacts
),

status_history AS (
  SELECT
    id,
    change.value AS lead_status,
    parse_timestamp(change.timestamp) AS changed_at
  FROM contacts
  LATERAL VIEW explode(
    from_json(lead_status_history, 'array<struct<value:string,timestamp:string>>')
  ) AS change
  UNION
  SELECT contact_id, value, parse_timestamp(changed_at)
  FROM latest_raw_hubspot_contact_property_history
  WHERE name = 'hs_lead_status'
),

first_status AS (
  SELECT
    id,
    min(CASE WHEN lead_status IN ${funnel.accepted_statuses} THEN changed_at END) AS accepted_at,
    min(CASE WHEN lead_status IN ${funnel.qualified_statuses} THEN changed_at END) AS qualified_at,
    min(CASE WHEN lead_status IN ${funnel.rejected_statuses} THEN changed_at END) AS rejected_at
  FROM status_history
  WHERE changed_at < date_add(${business_date}, 1)
  GROUP BY id
)

SELECT
  c.id AS contact_id,
  coalesce(parse_timestamp(c.createdate), parse_timestamp(c.created_at)) AS created_at,
  parse_timestamp(c.updated_at) AS modified_at,
  email_key(c.email) AS email_key,
  c.company,
  c.lifecyclestage AS lifecycle_stage,
  parse_timestamp(c.hs_lifecyclestage_lead_date) AS lead_at,
  parse_timestamp(c.hs_lifecyclestage_marketingqualifiedlead_date) AS mql_at,
  parse_timestamp(c.hs_lifecyclestage_salesqualifiedlead_date) AS sql_at,
  parse_timestamp(c.hs_lifecyclestage_opportunity_date) AS opportunity_at,
  parse_timestamp(c.hs_lifecyclestage_customer_date) AS customer_at,
  c.hs_lead_status AS lead_status,
  s.accepted_at,
  s.qualified_at,
  s.rejected_at,
  CAST(c.hubspotscore AS DECIMAL(10, 2)) AS score,
  c.hubspot_owner_id AS owner_id,
  c.hs_analytics_source AS analytics_source,
  c.hs_analytics_source_data_1 AS analytics_source_data_1,
  c.hs_analytics_source_data_2 AS analytics_source_data_2,
  c.associatedcompanyid AS company_id,
  c.country,
  c.industry,
  c.hs_google_click_id AS gclid,
  c.ga_client_id
FROM contacts AS c
LEFT JOIN first_status AS s ON s.id = c.id
