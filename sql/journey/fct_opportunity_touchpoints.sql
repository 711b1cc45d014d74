-- The touches of each opportunity, the input of attribution: every touchpoint (conf
-- attribution.touch_types, one per interaction) of the opportunity's people — its contact's person
-- and everyone at its account — in the conf attribution.lookback_days before the opportunity was
-- created, numbered in time order, with the first, last, last non-direct and lead-creation touches
-- marked. Sales activities in the same window are listed too (is_attribution_touch false, no
-- position) unless conf makes them touchpoints, so they are reported beside attribution.
WITH opportunities AS (
  SELECT opportunity_id, account_id, contact_id, created_at, amount_reporting, is_won, is_closed, opportunity_type
  FROM silver.crm_opportunities
),

opportunity_people AS (
  SELECT o.opportunity_id, i.person_id
  FROM opportunities AS o
  INNER JOIN journey.int_identity_graph AS i ON i.identifier = concat('crm:', o.contact_id)
  UNION
  SELECT o.opportunity_id, j.person_id
  FROM opportunities AS o
  INNER JOIN journey.dim_customer_journeys AS j ON j.grain = 'person' AND j.account_id = o.account_id
),

lead_created AS (
  SELECT person_id, lead_created_at FROM journey.dim_customer_journeys WHERE grain = 'person'
),

touches AS (
  SELECT
    o.opportunity_id,
    e.person_id,
    e.event_at AS touch_at,
    e.event_type AS touch_type,
    e.channel,
    e.channel_class,
    e.campaign,
    CASE
      WHEN e.event_type = 'campaign_response' THEN 'crm'
      WHEN e.platform_campaign_id IS NOT NULL THEN 'ad_platform'
    END AS campaign_system,
    e.platform_campaign_id AS campaign_id,
    e.channel = 'Direct' AS is_direct,
    CAST(datediff(o.created_at, e.event_at) AS INT) AS days_before_opportunity,
    l.lead_created_at,
    e.source_record_id,
    e.is_attribution_touch
  FROM opportunities AS o
  INNER JOIN opportunity_people AS op ON op.opportunity_id = o.opportunity_id
  INNER JOIN journey.fct_journey_events AS e ON e.person_id = op.person_id
  LEFT JOIN lead_created AS l ON l.person_id = e.person_id
  WHERE (e.is_attribution_touch OR e.event_type = 'sales_touch')
    AND e.event_at <= o.created_at
    AND e.event_at >= o.created_at - make_interval(0, 0, 0, ${attribution.lookback_days})
),

numbered AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY opportunity_id, is_attribution_touch ORDER BY touch_at, source_record_id)
      AS touch_number,
    count_if(is_attribution_touch) OVER (PARTITION BY opportunity_id) AS touch_count,
    max(CASE WHEN is_attribution_touch AND NOT is_direct THEN touch_at END) OVER (PARTITION BY opportunity_id)
      AS last_non_direct_at,
    max(
      CASE WHEN is_attribution_touch AND lead_created_at IS NOT NULL AND touch_at <= lead_created_at THEN touch_at END
    )
      OVER (PARTITION BY opportunity_id) AS lead_creation_touch_at
  FROM touches
),

positioned AS (
  SELECT *, CASE WHEN is_attribution_touch THEN touch_number END AS position FROM numbered
)

SELECT
  opportunity_id,
  person_id,
  touch_at,
  touch_type,
  channel,
  channel_class,
  campaign,
  campaign_system,
  campaign_id,
  is_direct,
  days_before_opportunity,
  is_attribution_touch,
  CAST(position AS INT) AS position,
  CAST(touch_count AS INT) AS touch_count,
  coalesce(position = 1, FALSE) AS is_first,
  coalesce(position = touch_count, FALSE) AS is_last,
  is_attribution_touch AND coalesce(touch_at = last_non_direct_at, FALSE) AS is_last_non_direct,
  is_attribution_touch AND coalesce(touch_at = lead_creation_touch_at, FALSE) AS is_lead_creation,
  source_record_id
FROM positioned
