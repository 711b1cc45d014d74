-- The weekly meeting's agenda: open leads that have sat in MQL, SAL or SQL longer than conf
-- stalled.lead_max_days, and open new-business opportunities that have sat in their pipeline stage
-- longer than conf stalled.opportunity_max_days, with their owners and a link to each CRM record.
WITH open_leads AS (
  SELECT
    'lead' AS record_type,
    unit_id AS record_id,
    person_id,
    owner_id,
    owner_name,
    channel,
    CASE WHEN sql_at IS NOT NULL THEN 'sql' WHEN sal_at IS NOT NULL THEN 'sal' ELSE 'mql' END AS stage,
    coalesce(sql_at, sal_at, mql_at) AS entered_stage_at,
    CAST(NULL AS DECIMAL(18, 2)) AS amount_reporting,
    ${stalled.lead_max_days} AS limit_days,
    crm_record_id,
    record_name,
    record_url
  FROM gold.fct_funnel_records
  WHERE unit = 'person' AND mql_at IS NOT NULL AND opportunity_at IS NULL AND exit_type IS NULL
),

stage_entries AS (
  SELECT opportunity_id, stage_name, max(entered_at) AS entered_at
  FROM silver.crm_opportunity_stage_history
  WHERE entered_at < date_add(${business_date}, 1)
  GROUP BY opportunity_id, stage_name
),

open_opportunities AS (
  SELECT
    'opportunity' AS record_type,
    o.opportunity_id AS record_id,
    r.person_id,
    o.owner_id,
    r.owner_name,
    r.channel,
    o.stage_name AS stage,
    coalesce(s.entered_at, o.created_at) AS entered_stage_at,
    o.amount_reporting,
    ${stalled.opportunity_max_days} AS limit_days,
    r.crm_record_id,
    r.record_name,
    r.record_url
  FROM silver.crm_opportunities AS o
  INNER JOIN gold.fct_funnel_records AS r ON r.unit = 'opportunity' AND r.unit_id = o.opportunity_id
  LEFT JOIN stage_entries AS s ON s.opportunity_id = o.opportunity_id AND s.stage_name = o.stage_name
  WHERE NOT o.is_closed
),

open_records AS (
  SELECT * FROM open_leads
  UNION ALL
  SELECT * FROM open_opportunities
)

SELECT
  record_type,
  record_id,
  person_id,
  owner_id,
  owner_name,
  channel,
  stage,
  entered_stage_at,
  CAST(datediff(${business_date}, CAST(entered_stage_at AS DATE)) AS INT) AS days_in_stage,
  CAST(limit_days AS INT) AS limit_days,
  amount_reporting,
  crm_record_id,
  record_name,
  record_url,
  ${business_date} AS as_of_date
FROM open_records
WHERE datediff(${business_date}, CAST(entered_stage_at AS DATE)) > limit_days
