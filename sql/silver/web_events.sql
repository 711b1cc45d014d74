-- Website events from GA4 with the session each belongs to.
SELECT
  concat(user_pseudo_id, ':', CAST(ga_session_id AS STRING)) AS session_key,
  *
FROM silver.stg_ga4_events
