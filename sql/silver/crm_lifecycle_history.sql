-- Every funnel stage each CRM record reached, and when (docs/kpis.md, "The funnel"). Leads pass
-- Inquiry → MQL → SAL → SQL; opportunities pass Opportunity → Won. A lead that skipped a stage
-- counts as reaching it when it reached the next one (is_backfilled = true). Renewals and other
-- non-new-business opportunity types (conf funnel.excluded_opportunity_types) stay out.
WITH leads AS (
  SELECT * FROM silver.stg_salesforce_lead
),

status_changes AS (
  SELECT lead_id, changed_at, new_value
  FROM silver.stg_salesforce_lead_history
  WHERE lower(field) = 'status'
),

accepted AS (
  SELECT lead_id, min(changed_at) AS accepted_at
  FROM status_changes
  WHERE new_value IN ${funnel.accepted_statuses}
  GROUP BY lead_id
),

qualified AS (
  SELECT lead_id, min(changed_at) AS qualified_at
  FROM status_changes
  WHERE new_value IN ${funnel.qualified_statuses}
  GROUP BY lead_id
),

lead_channel AS (
  SELECT
    l.lead_id,
    m.channel,
    m.channel_class,
    ROW_NUMBER() OVER (PARTITION BY l.lead_id ORDER BY m.priority, m.pattern) AS channel_rank
  FROM leads AS l
  INNER JOIN conf_channel_mapping AS m
    ON (m.field = 'utm' AND l.utm_source IS NOT NULL
        AND lower(concat(l.utm_source, '/', coalesce(l.utm_medium, ''))) LIKE m.pattern)
    OR (m.field = 'lead_source' AND lower(l.lead_source) LIKE m.pattern)
),

lead_attributes AS (
  SELECT
    l.lead_id,
    l.owner_id,
    l.converted_opportunity_id,
    coalesce(c.channel, 'Unmapped') AS channel,
    coalesce(c.channel_class, 'unmapped') AS channel_class,
    coalesce(s.segment, 'Other') AS segment
  FROM leads AS l
  LEFT JOIN lead_channel AS c ON c.lead_id = l.lead_id AND c.channel_rank = 1
  LEFT JOIN conf_segments AS s ON s.country = lower(trim(l.country))
),

lead_own_times AS (
  SELECT
    l.lead_id,
    l.created_at AS inquiry_own,
    CASE
      WHEN ${funnel.mql.use_crm_mql_date} AND l.mql_date IS NOT NULL THEN l.mql_date
      WHEN l.lead_score >= ${funnel.mql.score_threshold} OR l.rating IN ${funnel.mql.ratings} THEN l.created_at
    END AS mql_own,
    a.accepted_at AS sal_own,
    coalesce(q.qualified_at, CAST(l.converted_date AS TIMESTAMP)) AS sql_own
  FROM leads AS l
  LEFT JOIN accepted AS a ON a.lead_id = l.lead_id
  LEFT JOIN qualified AS q ON q.lead_id = l.lead_id
),

lead_stages AS (
  SELECT lead_id, stage, stage_order, entered_at, is_backfilled
  FROM (
    SELECT
      lead_id,
      inquiry_own,
      coalesce(mql_own, sal_own, sql_own) AS mql_at,
      mql_own IS NULL AS mql_backfilled,
      coalesce(sal_own, sql_own) AS sal_at,
      sal_own IS NULL AS sal_backfilled,
      sql_own
    FROM lead_own_times
  )
  LATERAL VIEW stack(
    4,
    'inquiry', 1, inquiry_own, false,
    'mql', 2, mql_at, mql_backfilled,
    'sal', 3, sal_at, sal_backfilled,
    'sql', 4, sql_own, false
  ) stages AS stage, stage_order, entered_at, is_backfilled
),

opportunities AS (
  SELECT *
  FROM silver.stg_salesforce_opportunity
  WHERE coalesce(opportunity_type, '') NOT IN ${funnel.excluded_opportunity_types}
),

opportunity_lead AS (
  SELECT converted_opportunity_id AS opportunity_id, lead_id, channel, channel_class, segment
  FROM (
    SELECT
      *,
      ROW_NUMBER() OVER (PARTITION BY converted_opportunity_id ORDER BY lead_id) AS lead_rank
    FROM lead_attributes
    WHERE converted_opportunity_id IS NOT NULL
  )
  WHERE lead_rank = 1
),

opportunity_source_channel AS (
  SELECT
    o.opportunity_id,
    m.channel,
    m.channel_class,
    ROW_NUMBER() OVER (PARTITION BY o.opportunity_id ORDER BY m.priority, m.pattern) AS channel_rank
  FROM opportunities AS o
  INNER JOIN conf_channel_mapping AS m
    ON m.field = 'lead_source' AND lower(o.lead_source) LIKE m.pattern
),

opportunity_stages AS (
  SELECT
    o.opportunity_id,
    ol.lead_id,
    o.owner_id,
    coalesce(ol.channel, sc.channel, 'Unmapped') AS channel,
    coalesce(ol.channel_class, sc.channel_class, 'unmapped') AS channel_class,
    coalesce(ol.segment, 'Other') AS segment,
    stage,
    stage_order,
    entered_at
  FROM opportunities AS o
  LEFT JOIN opportunity_lead AS ol ON ol.opportunity_id = o.opportunity_id
  LEFT JOIN opportunity_source_channel AS sc ON sc.opportunity_id = o.opportunity_id AND sc.channel_rank = 1
  LATERAL VIEW stack(
    2,
    'opportunity', 5, o.created_at,
    'won', 6, CASE WHEN o.is_closed AND o.is_won THEN CAST(o.close_date AS TIMESTAMP) END
  ) stages AS stage, stage_order, entered_at
)

SELECT
  'lead' AS record_type,
  s.lead_id AS record_id,
  s.lead_id AS person_id,
  s.stage,
  s.stage_order,
  s.entered_at,
  s.is_backfilled,
  a.channel,
  a.channel_class,
  a.segment,
  a.owner_id
FROM lead_stages AS s
INNER JOIN lead_attributes AS a ON a.lead_id = s.lead_id
WHERE s.entered_at IS NOT NULL AND s.entered_at < date_add(${business_date}, 1)

UNION ALL

SELECT
  'opportunity' AS record_type,
  opportunity_id AS record_id,
  lead_id AS person_id,
  stage,
  stage_order,
  entered_at,
  false AS is_backfilled,
  channel,
  channel_class,
  segment,
  owner_id
FROM opportunity_stages
WHERE entered_at IS NOT NULL AND entered_at < date_add(${business_date}, 1)
