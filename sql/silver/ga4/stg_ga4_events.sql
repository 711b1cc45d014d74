-- GA4 events up to the end of the business date, typed, with the event parameters the journey
-- needs pulled out of event_params. Click ids come from the page URL when not in parameters.
-- Values are read as text first: BigQuery's JSON export writes INT64 values as strings.
WITH events AS (
  SELECT
    *,
    from_json(
      event_params,
      'array<struct<key:string,value:struct<string_value:string,int_value:string,double_value:string,float_value:string>>>'
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
    CAST(element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.int_value))), 'ga_session_id') AS BIGINT) AS ga_session_id,
    CAST(element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.int_value))), 'ga_session_number') AS BIGINT) AS ga_session_number,
    CAST(element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.int_value))), 'engagement_time_msec') AS BIGINT) AS engagement_time_msec,
    element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.string_value))), 'page_location') AS page_location,
    element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.string_value))), 'page_referrer') AS page_referrer,
    element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.string_value))), 'source') AS param_source,
    element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.string_value))), 'medium') AS param_medium,
    element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.string_value))), 'campaign') AS param_campaign,
    element_at(map_from_entries(transform(params, p -> struct(p.key, p.value.string_value))), 'gclid') AS param_gclid,
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
  coalesce(collected_gclid, param_gclid, parse_url(page_location, 'QUERY', 'gclid')) AS gclid,
  parse_url(page_location, 'QUERY', 'fbclid') AS fbclid,
  parse_url(page_location, 'QUERY', 'li_fat_id') AS li_fat_id,
  traffic_source_source AS first_touch_source,
  traffic_source_medium AS first_touch_medium,
  traffic_source_name AS first_touch_campaign,
  device_category,
  geo_country AS country
FROM typed
WHERE event_at < date_add(${business_date}, 1)
