-- GA4 events up to the end of the business date, typed, with the event parameters the journey
-- needs pulled out of event_params. Click ids come from the page URL when not in parameters.
-- Values are read as text first: BigQuery's JSON export writes INT64 values as strings. A key that
-- repeats takes its first value; a page URL that does not parse gives no click id.
-- incremental: replace where event_date >= ${window_start.ga4}
-- cluster by: event_date
WITH events AS (
  SELECT
    *,
    from_json(
      event_params,
      'array<struct<key:string,'
      'value:struct<string_value:string,int_value:string,double_value:string,float_value:string>>>'
    ) AS params
  FROM latest_raw_ga4_events
),

typed AS (
  SELECT
    timestamp_micros(parse_long(event_timestamp)) AS event_at,
    parse_date(event_date) AS event_date,
    event_name,
    user_pseudo_id,
    user_id,
    parse_long(try_element_at(filter(params, p -> p.key = 'ga_session_id'), 1)['value']['int_value']) AS ga_session_id,
    parse_long(
      try_element_at(filter(params, p -> p.key = 'ga_session_number'), 1)['value']['int_value']
    ) AS ga_session_number,
    parse_long(
      try_element_at(filter(params, p -> p.key = 'engagement_time_msec'), 1)['value']['int_value']
    ) AS engagement_time_msec,
    try_element_at(filter(params, p -> p.key = 'page_location'), 1)['value']['string_value'] AS page_location,
    try_element_at(filter(params, p -> p.key = 'page_referrer'), 1)['value']['string_value'] AS page_referrer,
    try_element_at(filter(params, p -> p.key = 'source'), 1)['value']['string_value'] AS param_source,
    try_element_at(filter(params, p -> p.key = 'medium'), 1)['value']['string_value'] AS param_medium,
    try_element_at(filter(params, p -> p.key = 'campaign'), 1)['value']['string_value'] AS param_campaign,
    try_element_at(filter(params, p -> p.key = 'gclid'), 1)['value']['string_value'] AS param_gclid,
    traffic_source_source,
    traffic_source_medium,
    traffic_source_name,
    collected_source,
    collected_medium,
    collected_campaign,
    collected_gclid,
    device_category,
    geo_country
  FROM events
)

SELECT
  event_at,
  event_date,
  event_name,
  user_pseudo_id,
  user_id,
  ga_session_id,
  ga_session_number,
  engagement_time_msec,
  page_location,
  page_referrer,
  coalesce(collected_source, param_source) AS source,
  coalesce(collected_medium, param_medium) AS medium,
  coalesce(collected_campaign, param_campaign) AS campaign,
  coalesce(collected_gclid, param_gclid, try_parse_url(page_location, 'QUERY', 'gclid')) AS gclid,
  try_parse_url(page_location, 'QUERY', 'fbclid') AS fbclid,
  try_parse_url(page_location, 'QUERY', 'li_fat_id') AS li_fat_id,
  traffic_source_source AS first_touch_source,
  traffic_source_medium AS first_touch_medium,
  traffic_source_name AS first_touch_campaign,
  device_category,
  geo_country AS country
FROM typed
WHERE event_at < date_add(${business_date}, 1) AND event_date >= ${window_start.ga4}
