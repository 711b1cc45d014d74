-- Google Ads daily campaign performance, typed. Platforms restate recent days, so for each
-- account, campaign and day the row of the latest extract wins. Cost is micros / 1,000,000.
WITH versions AS (
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY parse_date(date), customer_id, campaign_id
      ORDER BY _extract_date DESC, _source_file DESC, _source_record DESC
    ) AS version_rank
  FROM bronze.raw_google_ads_campaign_performance
  WHERE _extract_date <= ${business_date}
)

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
FROM versions
WHERE version_rank = 1
  AND parse_date(date) <= ${business_date}
