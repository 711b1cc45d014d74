-- Google Ads daily campaign performance, typed. Platforms restate recent days: for each account,
-- campaign and day the row of the latest extract wins (latest_* views). Cost is micros / 1e6.
SELECT
  parse_date(date) AS date,
  customer_id,
  upper(currency_code) AS currency_code,
  time_zone,
  campaign_id,
  campaign_name,
  upper(advertising_channel_type) AS advertising_channel_type,
  CAST(impressions AS BIGINT) AS impressions,
  CAST(clicks AS BIGINT) AS clicks,
  CAST(CAST(cost_micros AS DECIMAL(24, 0)) / 1000000 AS DECIMAL(18, 6)) AS cost,
  CAST(conversions AS DOUBLE) AS conversions,
  CAST(conversions_value AS DOUBLE) AS conversions_value
FROM latest_raw_google_ads_campaign_performance
WHERE parse_date(date) <= ${business_date}
