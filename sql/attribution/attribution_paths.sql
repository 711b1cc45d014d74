-- The journeys data-driven attribution learns from, one row per journey with its channels in time
-- order. Converting journeys: every new-business opportunity with its touches in the attribution
-- window (journey.fct_opportunity_touchpoints); it converted for pipeline, and for revenue when it
-- was won (a lost deal is a non-converting revenue journey, an open one is left out of revenue).
-- Non-converting journeys: every known person (one with a CRM lead or contact) who has touches and
-- is on no opportunity, with the touches of the conf attribution.lookback_days up to their last
-- touch. Anonymous visitors' journeys join them only when conf
-- attribution.learn_from_anonymous_journeys is true: they outnumber known people many times over,
-- and as non-converting journeys they would push every web channel's conversion rate towards 0.
-- Touches are the touchpoints of conf attribution.touch_types, one per interaction.
WITH opportunities AS (
  SELECT opportunity_id, is_closed AND close_date <= ${business_date} AS is_closed, is_won
  FROM silver.crm_opportunities
  WHERE coalesce(opportunity_type, '') NOT IN ${funnel.excluded_opportunity_types}
    AND created_at < date_add(${business_date}, 1)
),

converting AS (
  SELECT
    concat('opportunity:', o.opportunity_id) AS journey_id,
    transform(array_sort(collect_list(struct(t.position, t.channel))), x -> x.channel) AS channels,
    TRUE AS converted_pipeline,
    CASE WHEN max(o.is_closed) THEN max(o.is_closed AND o.is_won) END AS converted_revenue
  FROM opportunities AS o
  INNER JOIN journey.fct_opportunity_touchpoints AS t ON t.opportunity_id = o.opportunity_id
  WHERE t.is_attribution_touch
  GROUP BY o.opportunity_id
),

on_opportunities AS (
  SELECT DISTINCT person_id FROM journey.fct_opportunity_touchpoints WHERE person_id IS NOT NULL
),

known_people AS (
  SELECT DISTINCT person_id FROM journey.int_identity_graph WHERE is_known
),

touches AS (
  SELECT e.person_id, e.event_at, e.sequence_number, e.channel,
    max(e.event_at) OVER (PARTITION BY e.person_id) AS last_touch_at
  FROM journey.fct_journey_events AS e
  LEFT ANTI JOIN on_opportunities AS o ON o.person_id = e.person_id
  LEFT JOIN known_people AS k ON k.person_id = e.person_id
  WHERE e.is_attribution_touch AND e.person_id IS NOT NULL
    AND (k.person_id IS NOT NULL OR ${attribution.learn_from_anonymous_journeys})
),

non_converting AS (
  SELECT
    concat('person:', person_id) AS journey_id,
    transform(array_sort(collect_list(struct(event_at, sequence_number, channel))), x -> x.channel) AS channels,
    FALSE AS converted_pipeline,
    FALSE AS converted_revenue
  FROM touches
  WHERE event_at >= last_touch_at - make_interval(0, 0, 0, ${attribution.lookback_days})
  GROUP BY person_id
)

SELECT * FROM converting
UNION ALL
SELECT * FROM non_converting
