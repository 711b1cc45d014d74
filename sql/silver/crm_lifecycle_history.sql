-- Every funnel stage each CRM record reached, and when (docs/kpis.md, "The funnel"). People
-- (Salesforce leads and contacts, HubSpot contacts) pass Inquiry → MQL → SAL → SQL; new-business
-- deals pass Opportunity → Won. A person who skipped a stage counts as reaching it when they
-- reached the next one (is_backfilled = true). A contact created by converting a lead is the same
-- person as the lead and is not counted again.
-- A record's channel is the first rule of conf/channel_mapping.csv that matches its UTM
-- source/medium or its lead source (channel_of).
WITH people AS (
  SELECT
    *,
    channel_of(map(
      'utm', CASE WHEN utm_source IS NOT NULL THEN lower(concat(utm_source, '/', coalesce(utm_medium, ''))) END,
      'lead_source', lower(lead_source)
    )) AS source_rule
  FROM silver.crm_people
  WHERE NOT is_conversion_contact
),

person_attributes AS (
  SELECT
    p.person_record_id,
    p.owner_id,
    p.converted_opportunity_id,
    coalesce(p.source_rule.channel, 'Unmapped') AS channel,
    coalesce(p.source_rule.channel_class, 'unmapped') AS channel_class,
    coalesce(s.segment, 'Other') AS segment
  FROM people AS p
  LEFT JOIN conf_segments AS s ON s.country = lower(trim(p.country))
),

own_times AS (
  SELECT
    person_record_id,
    created_at AS inquiry_own,
    CASE
      WHEN ${funnel.mql.use_crm_mql_date} AND crm_mql_at IS NOT NULL THEN crm_mql_at
      WHEN score >= ${funnel.mql.score_threshold} OR rating IN ${funnel.mql.ratings} THEN created_at
    END AS mql_own,
    accepted_at AS sal_own,
    qualified_at AS sql_own
  FROM people
),

person_stages AS (
  SELECT person_record_id, stage, stage_order, entered_at, is_backfilled
  FROM (
    SELECT
      person_record_id,
      inquiry_own,
      coalesce(mql_own, sal_own, sql_own) AS mql_at,
      mql_own IS NULL AS mql_backfilled,
      coalesce(sal_own, sql_own) AS sal_at,
      sal_own IS NULL AS sal_backfilled,
      sql_own
    FROM own_times
  )
  LATERAL VIEW stack(
    4,
    'inquiry', 1, inquiry_own, FALSE,
    'mql', 2, mql_at, mql_backfilled,
    'sal', 3, sal_at, sal_backfilled,
    'sql', 4, sql_own, FALSE
  ) stages AS stage, stage_order, entered_at, is_backfilled
),

opportunities AS (
  SELECT *, channel_of(map('lead_source', lower(lead_source))) AS source_rule
  FROM silver.crm_opportunities
  WHERE coalesce(opportunity_type, '') NOT IN ${funnel.excluded_opportunity_types}
),

opportunity_person AS (
  SELECT converted_opportunity_id AS opportunity_id, person_record_id, channel, channel_class, segment
  FROM (
    SELECT
      *,
      row_number() OVER (PARTITION BY converted_opportunity_id ORDER BY person_record_id) AS person_rank
    FROM person_attributes
    WHERE converted_opportunity_id IS NOT NULL
  )
  WHERE person_rank = 1
),

opportunity_stages AS (
  SELECT
    o.opportunity_id,
    op.person_record_id,
    o.owner_id,
    coalesce(op.channel, o.source_rule.channel, 'Unmapped') AS channel,
    coalesce(op.channel_class, o.source_rule.channel_class, 'unmapped') AS channel_class,
    coalesce(op.segment, 'Other') AS segment,
    inline(array(
      named_struct('stage', 'opportunity', 'stage_order', 5, 'entered_at', o.created_at),
      named_struct(
        'stage', 'won', 'stage_order', 6,
        'entered_at', CASE WHEN o.is_closed AND o.is_won THEN CAST(o.close_date AS TIMESTAMP) END
      )
    ))
  FROM opportunities AS o
  LEFT JOIN opportunity_person AS op ON op.opportunity_id = o.opportunity_id
)

SELECT
  'person' AS record_type,
  s.person_record_id AS record_id,
  s.person_record_id AS person_id,
  s.stage,
  s.stage_order,
  s.entered_at,
  s.is_backfilled,
  a.channel,
  a.channel_class,
  a.segment,
  a.owner_id
FROM person_stages AS s
INNER JOIN person_attributes AS a ON a.person_record_id = s.person_record_id
WHERE s.entered_at IS NOT NULL AND s.entered_at < date_add(${business_date}, 1)

UNION ALL

SELECT
  'opportunity' AS record_type,
  opportunity_id AS record_id,
  person_record_id AS person_id,
  stage,
  stage_order,
  entered_at,
  FALSE AS is_backfilled,
  channel,
  channel_class,
  segment,
  owner_id
FROM opportunity_stages
WHERE entered_at IS NOT NULL AND entered_at < date_add(${business_date}, 1)
