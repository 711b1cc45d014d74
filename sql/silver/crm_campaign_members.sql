-- Campaign responses: which lead or contact was a member of which CRM campaign, and whether and
-- when they responded.
SELECT
  m.campaign_member_id,
  m.campaign_id,
  c.campaign_name,
  c.campaign_type,
  coalesce(m.lead_id, m.contact_id) AS person_record_id,
  CASE WHEN m.lead_id IS NOT NULL THEN 'lead' ELSE 'contact' END AS person_record_type,
  m.status AS member_status,
  m.has_responded,
  m.first_responded_date,
  m.created_at
FROM silver.stg_salesforce_campaign_member AS m
LEFT JOIN silver.stg_salesforce_campaign AS c ON c.campaign_id = m.campaign_id
