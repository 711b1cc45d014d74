-- GA4 sessions (user_pseudo_id + ga_session_id): start and end, landing page, where the session
-- came from (its first event with a source), click ids, the user id set during it, page views,
-- and whether it was engaged (10 s or more of engagement, two page views, or a form).
-- An incremental build rebuilds, from all their events, the sessions with an event in the window.
-- incremental: merge on session_key
-- cluster by: ended_at
WITH events AS (
  SELECT * FROM silver.stg_ga4_events
  WHERE
    user_pseudo_id IS NOT NULL AND ga_session_id IS NOT NULL
    AND (
      NOT ${incremental}
      OR (user_pseudo_id, ga_session_id) IN (
        SELECT
          user_pseudo_id,
          ga_session_id
        FROM silver.stg_ga4_events
        WHERE event_date >= ${window_start.ga4}
      )
    )
)

SELECT
  concat(user_pseudo_id, ':', CAST(ga_session_id AS STRING)) AS session_key,
  user_pseudo_id,
  ga_session_id,
  min(ga_session_number) AS session_number,
  min(event_at) AS started_at,
  max(event_at) AS ended_at,
  min_by(page_location, struct(event_at, page_location)) AS landing_page,
  min_by(source, CASE WHEN source IS NOT NULL THEN struct(event_at, source) END) AS source,
  min_by(medium, CASE WHEN medium IS NOT NULL THEN struct(event_at, medium) END) AS medium,
  min_by(campaign, CASE WHEN campaign IS NOT NULL THEN struct(event_at, campaign) END) AS campaign,
  max(gclid) AS gclid,
  max(fbclid) AS fbclid,
  max(li_fat_id) AS li_fat_id,
  max(user_id) AS user_id,
  CAST(count_if(event_name = 'page_view') AS BIGINT) AS page_views,
  count_if(event_name IN ('form_submit', 'generate_lead')) > 0 AS has_form_submit,
  (
    coalesce(sum(engagement_time_msec), 0) >= 10000
    OR count_if(event_name = 'page_view') >= 2
    OR count_if(event_name IN ('form_submit', 'generate_lead')) > 0
  ) AS is_engaged,
  max(device_category) AS device_category,
  max(country) AS country
FROM events
GROUP BY user_pseudo_id, ga_session_id
