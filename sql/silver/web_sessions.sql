-- Website sessions with their channel: a session with a Google click id is Paid Search; else the
-- first matching rule of conf/channel_mapping.csv for its source/medium (field utm). An
-- incremental build takes the sessions that end a day or less before the window (those with an
-- event in it are among them: an event's day is its property's, at most 14 hours from UTC).
-- incremental: merge on session_key
-- cluster by: ended_at
WITH sessions AS (
  SELECT
    *,
    CASE
      WHEN gclid IS NOT NULL THEN named_struct('channel', 'Paid Search', 'channel_class', 'marketing')
      ELSE channel_of(map('utm', lower(concat(coalesce(source, '(direct)'), '/', coalesce(medium, '(none)')))))
    END AS source_rule
  FROM silver.stg_ga4_sessions
  WHERE NOT ${incremental} OR ended_at >= ${window_start.ga4} - INTERVAL 1 DAY
)

SELECT
  s.session_key, s.user_pseudo_id, s.ga_session_id, s.session_number, s.started_at, s.ended_at,
  s.landing_page, s.source, s.medium, s.campaign, s.gclid, s.fbclid, s.li_fat_id, s.user_id,
  s.page_views, s.has_form_submit, s.is_engaged, s.device_category, s.country,
  coalesce(s.source_rule.channel, 'Unmapped') AS channel,
  coalesce(s.source_rule.channel_class, 'unmapped') AS channel_class
FROM sessions AS s
