-- One row per thing that happened on a person's way from first ad click to renewal, in time
-- order: ad clicks (a session that landed with a click id), web sessions, form fills, campaign
-- responses, lead creation, funnel stages entered, sales touches, opportunity creation, stage
-- changes, wins, losses and renewals. Each row carries the person (journey.int_identity_graph),
-- their account, the channel, whether it is a touchpoint for attribution, and the event's number
-- in the person's journey.
WITH ids AS (
  SELECT identifier, person_id FROM journey.int_identity_graph
),

people AS (
  SELECT p.person_record_id, i.person_id, p.account_id
  FROM silver.crm_people AS p
  INNER JOIN ids AS i ON i.identifier = concat('crm:', p.person_record_id)
),

person_account AS (
  SELECT person_id, max(account_id) AS account_id FROM people GROUP BY person_id
),

sessions AS (
  SELECT s.*, i.person_id
  FROM silver.web_sessions AS s
  INNER JOIN ids AS i ON i.identifier = concat('cookie:', s.user_pseudo_id)
),

opportunity_channel AS (
  SELECT record_id AS opportunity_id, channel, channel_class
  FROM silver.crm_lifecycle_history
  WHERE record_type = 'opportunity' AND stage = 'opportunity'
),

opportunities AS (
  SELECT o.*, i.person_id, c.channel, c.channel_class
  FROM silver.crm_opportunities AS o
  LEFT JOIN ids AS i ON i.identifier = concat('crm:', o.contact_id)
  LEFT JOIN opportunity_channel AS c ON c.opportunity_id = o.opportunity_id
),

events AS (
  SELECT
    s.person_id, CAST(NULL AS STRING) AS account_id, s.started_at AS event_at, 'ad_click' AS event_type,
    CAST(NULL AS STRING) AS stage, s.channel, s.channel_class,
    coalesce(c.campaign_name, s.campaign) AS campaign, c.campaign_id AS platform_campaign_id,
    CAST(NULL AS DECIMAL(18, 2)) AS amount, concat('click:', s.session_key) AS source_record_id,
    FALSE AS opened_by_click
  FROM sessions AS s
  LEFT JOIN silver.ads_clicks AS c ON c.click_id = s.gclid
  WHERE s.gclid IS NOT NULL OR s.fbclid IS NOT NULL OR s.li_fat_id IS NOT NULL

  UNION ALL
  SELECT
    person_id, NULL, started_at, 'web_session', NULL, channel, channel_class, campaign, NULL, NULL,
    concat('session:', session_key), gclid IS NOT NULL OR fbclid IS NOT NULL OR li_fat_id IS NOT NULL
  FROM sessions

  UNION ALL
  SELECT
    s.person_id, NULL, e.event_at, 'form_submit', NULL, s.channel, s.channel_class, s.campaign, NULL,
    NULL, concat('form:', e.session_key, ':', CAST(unix_micros(e.event_at) AS STRING)), FALSE
  FROM silver.web_events AS e
  INNER JOIN sessions AS s ON s.session_key = e.session_key
  WHERE e.event_name = 'form_submit'

  UNION ALL
  SELECT
    p.person_id, NULL, coalesce(CAST(m.first_responded_date AS TIMESTAMP), m.created_at),
    'campaign_response', NULL, coalesce(c.channel, 'Unmapped'), coalesce(c.channel_class, 'unmapped'),
    m.campaign_name, m.campaign_id, NULL, concat('member:', m.campaign_member_id), FALSE
  FROM silver.crm_campaign_members AS m
  INNER JOIN people AS p ON p.person_record_id = m.person_record_id
  LEFT JOIN silver.crm_campaigns AS c ON c.campaign_id = m.campaign_id
  WHERE m.has_responded

  UNION ALL
  SELECT
    p.person_id, NULL, h.entered_at,
    CASE WHEN h.stage = 'inquiry' THEN 'lead_created' ELSE 'stage_entered' END,
    h.stage, h.channel, h.channel_class, NULL, NULL, NULL, concat('stage:', h.record_id, ':', h.stage), FALSE
  FROM silver.crm_lifecycle_history AS h
  INNER JOIN people AS p ON p.person_record_id = h.record_id
  WHERE h.record_type = 'person'

  UNION ALL
  SELECT
    p.person_id, NULL, a.occurred_at, 'sales_touch', NULL, 'Sales Touch', 'sales', NULL, NULL, NULL,
    concat('activity:', a.activity_id), FALSE
  FROM silver.crm_activities AS a
  INNER JOIN people AS p ON p.person_record_id = a.person_record_id
  WHERE a.owner_team = 'sales'

  UNION ALL
  SELECT
    person_id, account_id, created_at,
    CASE WHEN opportunity_type IN ${journey.renewal_types} THEN 'renewal' ELSE 'opportunity_created' END,
    NULL, channel, channel_class, NULL, NULL, amount_reporting, concat('opportunity:', opportunity_id), FALSE
  FROM opportunities

  UNION ALL
  SELECT
    o.person_id, o.account_id, h.entered_at, 'opportunity_stage_changed', h.stage_name, o.channel,
    o.channel_class, NULL, NULL, o.amount_reporting,
    concat('opportunity_stage:', o.opportunity_id, ':', h.stage_name, ':', CAST(unix_micros(h.entered_at) AS STRING)),
    FALSE
  FROM silver.crm_opportunity_stage_history AS h
  INNER JOIN opportunities AS o ON o.opportunity_id = h.opportunity_id
  -- entering a closed stage is the won or lost event below
  WHERE h.entered_at > o.created_at
    AND lower(replace(h.stage_name, ' ', '')) NOT IN ('closedwon', 'closedlost')

  UNION ALL
  SELECT
    person_id, account_id, CAST(close_date AS TIMESTAMP),
    CASE WHEN is_won THEN 'opportunity_won' ELSE 'opportunity_lost' END,
    stage_name, channel, channel_class, NULL, NULL, amount_reporting, concat('close:', opportunity_id), FALSE
  FROM opportunities
  WHERE is_closed
)

SELECT
  e.person_id,
  coalesce(e.account_id, pa.account_id) AS account_id,
  e.event_at,
  e.event_type,
  e.stage,
  e.channel,
  e.channel_class,
  e.campaign,
  e.platform_campaign_id,
  e.amount,
  e.source_record_id,
  -- a touchpoint for attribution (conf attribution.touch_types); a session opened by a paid click
  -- is the click's touch, not a second one
  e.event_type IN ${attribution.touch_types}
    AND NOT (e.opened_by_click AND 'ad_click' IN ${attribution.touch_types}) AS is_attribution_touch,
  CASE
    WHEN e.person_id IS NULL THEN NULL
    ELSE row_number() OVER (
      PARTITION BY e.person_id
      ORDER BY
        e.event_at,
        array_position(
          array('ad_click', 'web_session', 'form_submit', 'campaign_response', 'lead_created',
                'stage_entered', 'sales_touch', 'opportunity_created', 'renewal',
                'opportunity_stage_changed', 'opportunity_won', 'opportunity_lost'),
          e.event_type),
        e.source_record_id
    )
  END AS sequence_number
FROM events AS e
LEFT JOIN person_account AS pa ON pa.person_id = e.person_id
WHERE e.event_at IS NOT NULL AND e.event_at < date_add(${business_date}, 1)
