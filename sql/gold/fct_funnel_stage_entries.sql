-- The stage entries the cost-per-stage KPIs count: one row per funnel record and stage it entered —
-- a person's Inquiry, MQL and SQL, a new-business deal's Opportunity — with the record's channel,
-- segment and campaign. A person's campaign is the UTM campaign of their first CRM record (the
-- record that gives their channel); a deal's is its converted lead's, else its primary campaign
-- source; a matched campaign wins over a value that names none (gold.dim_campaign_tags).
WITH tags AS (
  SELECT campaign_system, campaign_id, tag, campaign_key, is_matched FROM gold.dim_campaign_tags
),

converted_leads AS (
  SELECT converted_opportunity_id AS opportunity_id, min_by(utm_campaign, person_record_id) AS utm_campaign
  FROM silver.crm_people
  WHERE converted_opportunity_id IS NOT NULL AND NOT is_conversion_contact
  GROUP BY converted_opportunity_id
),

records AS (
  SELECT
    r.*,
    CASE WHEN r.unit = 'person' THEN p.utm_campaign ELSE l.utm_campaign END AS utm_campaign,
    CASE WHEN r.unit = 'opportunity' THEN o.campaign_id END AS primary_campaign_id
  FROM gold.fct_funnel_records AS r
  LEFT JOIN silver.crm_people AS p ON r.unit = 'person' AND p.person_record_id = r.crm_record_id
  LEFT JOIN converted_leads AS l ON r.unit = 'opportunity' AND l.opportunity_id = r.unit_id
  LEFT JOIN silver.crm_opportunities AS o ON r.unit = 'opportunity' AND o.opportunity_id = r.unit_id
),

records_with_campaigns AS (
  SELECT
    r.*,
    coalesce(
      CASE WHEN u.is_matched THEN u.campaign_key END, CASE WHEN i.is_matched THEN i.campaign_key END,
      u.campaign_key, i.campaign_key, '(none)'
    ) AS campaign_key
  FROM records AS r
  LEFT JOIN tags AS u ON u.campaign_system IS NULL AND u.campaign_id IS NULL AND u.tag = campaign_tag(r.utm_campaign)
  LEFT JOIN tags AS i ON i.campaign_system = 'crm' AND i.campaign_id = r.primary_campaign_id AND i.tag IS NULL
)

SELECT
  r.unit,
  r.unit_id,
  s.stage,
  s.entered_at,
  r.channel,
  r.segment,
  r.campaign_key
FROM records_with_campaigns AS r
LATERAL VIEW stack(
  4,
  'inquiry', CASE WHEN r.unit = 'person' THEN r.inquiry_at END,
  'mql', CASE WHEN r.unit = 'person' THEN r.mql_at END,
  'sql', CASE WHEN r.unit = 'person' THEN r.sql_at END,
  'opportunity', CASE WHEN r.unit = 'opportunity' THEN r.opportunity_at END
) s AS stage, entered_at
WHERE s.entered_at IS NOT NULL
