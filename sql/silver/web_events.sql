-- Website events from GA4 with the session each belongs to.
-- incremental: replace where event_date >= ${window_start.ga4}
-- cluster by: event_date
SELECT
  concat(user_pseudo_id, ':', CAST(ga_session_id AS STRING)) AS session_key,
  *
FROM silver.stg_ga4_events
WHERE event_date >= ${window_start.ga4}
