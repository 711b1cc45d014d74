-- One row per funnel record, the common input of every funnel KPI: a person (several CRM records
-- of one stitched person count once; their earliest record gives channel, segment and owner) with
-- the time they entered each stage, or a new-business opportunity with its creation and outcome.
-- A person's opportunity and won times are those of the first new-business deal they were
-- converted into, so person cohorts can follow a lead to revenue. Each row names its CRM record
-- (a person's earliest), the record's name (the company a person gave, a deal's name) and a link
-- to it built from conf crm.record_links.
WITH lifecycle AS (
  SELECT
    l.*,
    coalesce(i.person_id, concat('crm:', l.person_id)) AS stitched_person_id
  FROM silver.crm_lifecycle_history AS l
  LEFT JOIN journey.int_identity_graph AS i ON i.identifier = concat('crm:', l.person_id)
),

owners AS (
  SELECT user_id AS owner_id, user_name AS owner_name, team AS owner_team FROM silver.stg_salesforce_user
),

person_status AS (
  SELECT
    coalesce(i.person_id, concat('crm:', p.person_record_id)) AS stitched_person_id,
    min(p.rejected_at) AS rejected_at,
    max_by(
      CASE
        WHEN p.status IN ${funnel.rejected_statuses} THEN 'rejected'
        WHEN p.status IN ${funnel.recycled_statuses} THEN 'recycled'
      END,
      CASE WHEN p.created_at IS NOT NULL THEN struct(p.created_at, p.person_record_id) END
    ) AS exit_type,
    max_by(
      CASE WHEN p.status IN ${funnel.rejected_statuses} OR p.status IN ${funnel.recycled_statuses} THEN p.status END,
      CASE WHEN p.created_at IS NOT NULL THEN struct(p.created_at, p.person_record_id) END
    ) AS exit_status
  FROM silver.crm_people AS p
  LEFT JOIN journey.int_identity_graph AS i ON i.identifier = concat('crm:', p.person_record_id)
  WHERE NOT p.is_conversion_contact
  GROUP BY 1
),

opportunity_rows AS (
  SELECT
    l.record_id AS opportunity_id,
    max(CASE WHEN l.person_id IS NOT NULL THEN l.stitched_person_id END) AS person_id,
    min(CASE WHEN l.stage = 'opportunity' THEN l.entered_at END) AS opportunity_at,
    min(CASE WHEN l.stage = 'won' THEN l.entered_at END) AS won_at,
    max(l.channel) AS channel,
    max(l.channel_class) AS channel_class,
    max(l.segment) AS segment,
    max(l.owner_id) AS owner_id
  FROM lifecycle AS l
  WHERE l.record_type = 'opportunity'
  GROUP BY l.record_id
),

opportunities AS (
  SELECT
    r.*,
    o.source_system,
    o.opportunity_name,
    CASE
      WHEN o.is_closed AND NOT o.is_won AND o.close_date <= ${business_date} THEN CAST(o.close_date AS TIMESTAMP)
    END AS lost_at,
    o.amount_reporting
  FROM opportunity_rows AS r
  INNER JOIN silver.crm_opportunities AS o ON o.opportunity_id = r.opportunity_id
),

person_deals AS (
  SELECT
    person_id,
    min(opportunity_at) AS opportunity_at,
    min_by(won_at, CASE WHEN opportunity_at IS NOT NULL THEN struct(opportunity_at, opportunity_id) END) AS won_at,
    min_by(lost_at, CASE WHEN opportunity_at IS NOT NULL THEN struct(opportunity_at, opportunity_id) END) AS lost_at
  FROM opportunities
  WHERE person_id IS NOT NULL
  GROUP BY person_id
),

people AS (
  SELECT
    stitched_person_id AS person_id,
    min_by(
      struct(channel, channel_class, segment, owner_id, record_id),
      CASE WHEN entered_at IS NOT NULL THEN struct(entered_at, record_id) END
    ) AS first_record,
    min(CASE WHEN stage = 'inquiry' THEN entered_at END) AS inquiry_at,
    min(CASE WHEN stage = 'mql' THEN entered_at END) AS mql_at,
    min_by(
      CASE WHEN stage = 'mql' THEN is_backfilled END,
      CASE WHEN stage = 'mql' AND entered_at IS NOT NULL THEN struct(entered_at, record_id) END
    ) AS mql_backfilled,
    min(CASE WHEN stage = 'sal' THEN entered_at END) AS sal_at,
    min_by(
      CASE WHEN stage = 'sal' THEN is_backfilled END,
      CASE WHEN stage = 'sal' AND entered_at IS NOT NULL THEN struct(entered_at, record_id) END
    ) AS sal_backfilled,
    min(CASE WHEN stage = 'sql' THEN entered_at END) AS sql_at
  FROM lifecycle
  WHERE record_type = 'person'
  GROUP BY stitched_person_id
)

SELECT
  'person' AS unit,
  p.person_id AS unit_id,
  p.person_id,
  p.first_record.channel AS channel,
  p.first_record.channel_class AS channel_class,
  p.first_record.segment AS segment,
  p.first_record.owner_id AS owner_id,
  o.owner_name,
  coalesce(
    o.owner_team, CASE WHEN p.first_record.owner_id IS NOT NULL THEN '${crm.hubspot_owner_team}' END
  ) AS owner_team,
  p.inquiry_at,
  p.mql_at,
  coalesce(p.mql_backfilled, FALSE) AS is_mql_backfilled,
  p.sal_at,
  coalesce(p.sal_backfilled, FALSE) AS is_sal_backfilled,
  p.sql_at,
  d.opportunity_at,
  d.won_at,
  d.lost_at,
  s.rejected_at,
  s.exit_type,
  s.exit_status,
  CAST(NULL AS DECIMAL(18, 2)) AS amount_reporting,
  p.first_record.record_id AS crm_record_id,
  c.company AS record_name,
  CASE c.source_system
    WHEN 'salesforce'
      THEN record_link('${crm.record_links.salesforce}', initcap(c.record_type), p.first_record.record_id)
    WHEN 'hubspot' THEN record_link('${crm.record_links.hubspot}', '0-1', p.first_record.record_id)
  END AS record_url
FROM people AS p
LEFT JOIN person_deals AS d ON d.person_id = p.person_id
LEFT JOIN person_status AS s ON s.stitched_person_id = p.person_id
LEFT JOIN owners AS o ON o.owner_id = p.first_record.owner_id
LEFT JOIN silver.crm_people AS c ON c.person_record_id = p.first_record.record_id

UNION ALL

SELECT
  'opportunity',
  x.opportunity_id,
  x.person_id,
  x.channel,
  x.channel_class,
  x.segment,
  x.owner_id,
  o.owner_name,
  coalesce(o.owner_team, CASE WHEN x.owner_id IS NOT NULL THEN '${crm.hubspot_owner_team}' END),
  NULL, NULL, FALSE, NULL, FALSE, NULL,
  x.opportunity_at,
  x.won_at,
  x.lost_at,
  NULL,
  CASE WHEN x.lost_at IS NOT NULL THEN 'lost' END,
  NULL,
  x.amount_reporting,
  x.opportunity_id,
  x.opportunity_name,
  CASE x.source_system
    WHEN 'salesforce' THEN record_link('${crm.record_links.salesforce}', 'Opportunity', x.opportunity_id)
    WHEN 'hubspot' THEN record_link('${crm.record_links.hubspot}', '0-3', x.opportunity_id)
  END
FROM opportunities AS x
LEFT JOIN owners AS o ON o.owner_id = x.owner_id
