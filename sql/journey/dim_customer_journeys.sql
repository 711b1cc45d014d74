-- Each person's journey on one row (grain = 'person'), and each account's (grain = 'account'):
-- first touch and its channel, when each funnel stage was reached, the first new-business
-- opportunity and its outcome, the channel path of the touches before the lead was created
-- (repeats of the same channel in a row collapsed), days between stages, and the current stage.
WITH people_events AS (
  -- one pass over the events: the stage dates, the first touch and every touch of each person
  SELECT
    person_id,
    min(CASE WHEN event_type = 'lead_created' THEN event_at END) AS lead_created_at,
    min(CASE WHEN stage = 'mql' AND event_type = 'stage_entered' THEN event_at END) AS mql_at,
    min(CASE WHEN stage = 'sal' AND event_type = 'stage_entered' THEN event_at END) AS sal_at,
    min(CASE WHEN stage = 'sql' AND event_type = 'stage_entered' THEN event_at END) AS sql_at,
    min(CASE WHEN event_type = 'opportunity_created' THEN event_at END) AS opportunity_created_at,
    min(CASE WHEN event_type = 'opportunity_won' THEN event_at END) AS won_at,
    min(CASE WHEN event_type = 'opportunity_lost' THEN event_at END) AS lost_at,
    min(CASE WHEN event_type = 'renewal' THEN event_at END) AS first_renewal_at,
    max(account_id) AS account_id,
    min(CASE WHEN is_touch THEN event_at END) AS first_touch_at,
    min_by(CASE WHEN is_touch THEN channel END, CASE WHEN is_touch THEN sequence_number END) AS first_touch_channel,
    array_sort(collect_list(CASE WHEN is_touch THEN struct(sequence_number, channel, event_at) END)) AS touches
  FROM (
    -- marketing touches: sales touches count for attribution, not for the marketing path
    SELECT *, is_attribution_touch AND event_type != 'sales_touch' AS is_touch FROM journey.fct_journey_events
  )
  WHERE person_id IS NOT NULL
  GROUP BY person_id
),

person_stages AS (
  SELECT
    * EXCEPT (touches),
    transform(filter(touches, t -> lead_created_at IS NULL OR t.event_at <= lead_created_at), t -> t.channel)
      AS channels
  FROM people_events
),

owners AS (
  SELECT
    i.person_id,
    max_by(p.owner_id, CASE WHEN p.created_at IS NOT NULL THEN struct(p.created_at, p.person_record_id) END) AS owner_id
  FROM silver.crm_people AS p
  INNER JOIN journey.int_identity_graph AS i ON i.identifier = concat('crm:', p.person_record_id)
  GROUP BY i.person_id
),

people AS (
  SELECT
    g.person_id,
    s.account_id,
    g.is_known,
    s.first_touch_at,
    s.first_touch_channel,
    s.lead_created_at,
    s.mql_at,
    s.sal_at,
    s.sql_at,
    s.opportunity_created_at,
    s.won_at,
    s.lost_at,
    s.first_renewal_at,
    -- no path without a touch before the lead was created
    CASE WHEN size(s.channels) > 0 THEN filter(s.channels, (c, i) -> i = 0 OR c != s.channels[i - 1]) END
      AS channel_path,
    o.owner_id
  FROM (SELECT person_id, max(is_known) AS is_known FROM journey.int_identity_graph GROUP BY person_id) AS g
  LEFT JOIN person_stages AS s ON s.person_id = g.person_id
  LEFT JOIN owners AS o ON o.person_id = g.person_id
),

-- Each person's row (a group of one) and each account's (its people's earliest of each date, the
-- channel of the earliest first touch, the highest owner id) from one pass over the people: a
-- second pass would compute every person's stages, touches and owner again.
journeys AS (
  SELECT
    CASE WHEN grouping(person_id) = 0 THEN 'person' ELSE 'account' END AS grain,
    coalesce(person_id, account_id) AS journey_id,
    person_id,
    CASE WHEN grouping(person_id) = 0 THEN first(person_account_id) ELSE account_id END AS account_id,
    CASE WHEN grouping(person_id) = 0 THEN first(is_known) ELSE TRUE END AS is_known,
    min(first_touch_at) AS first_touch_at,
    CASE
      WHEN grouping(person_id) = 0 THEN first(first_touch_channel)
      ELSE min_by(
        first_touch_channel, CASE WHEN first_touch_at IS NOT NULL THEN struct(first_touch_at, first_touch_channel) END
      )
    END AS first_touch_channel,
    min(lead_created_at) AS lead_created_at,
    min(mql_at) AS mql_at,
    min(sal_at) AS sal_at,
    min(sql_at) AS sql_at,
    min(opportunity_created_at) AS opportunity_created_at,
    min(won_at) AS won_at,
    min(lost_at) AS lost_at,
    min(first_renewal_at) AS first_renewal_at,
    CASE WHEN grouping(person_id) = 0 THEN first(channel_path) END AS channel_path,
    max(owner_id) AS owner_id
  FROM (SELECT *, account_id AS person_account_id FROM people)
  GROUP BY GROUPING SETS ((person_id), (account_id))
  HAVING grouping(person_id) = 0 OR account_id IS NOT NULL
)

SELECT
  *,
  CAST(datediff(mql_at, lead_created_at) AS INT) AS days_inquiry_to_mql,
  CAST(datediff(sal_at, mql_at) AS INT) AS days_mql_to_sal,
  CAST(datediff(sql_at, sal_at) AS INT) AS days_sal_to_sql,
  CAST(datediff(won_at, opportunity_created_at) AS INT) AS days_opportunity_to_won,
  CASE
    WHEN won_at IS NOT NULL THEN 'won'
    WHEN lost_at IS NOT NULL THEN 'lost'
    WHEN opportunity_created_at IS NOT NULL THEN 'opportunity'
    WHEN sql_at IS NOT NULL THEN 'sql'
    WHEN sal_at IS NOT NULL THEN 'sal'
    WHEN mql_at IS NOT NULL THEN 'mql'
    WHEN lead_created_at IS NOT NULL THEN 'inquiry'
    ELSE 'visitor'
  END AS current_stage
FROM journeys
