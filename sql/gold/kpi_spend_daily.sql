-- Ad spend per day, platform, channel and campaign in the reporting currency, with delivery.
SELECT
  date,
  platform,
  channel,
  channel_class,
  campaign_id,
  campaign_name,
  '${money.reporting_currency}' AS reporting_currency,
  CAST(sum(spend_reporting) AS DECIMAL(18, 2)) AS spend,
  CAST(sum(impressions) AS BIGINT) AS impressions,
  CAST(sum(clicks) AS BIGINT) AS clicks,
  CAST(sum(conversions) AS DOUBLE) AS platform_conversions,
  ${business_date} AS as_of_date
FROM silver.ads_daily_performance
GROUP BY date, platform, channel, channel_class, campaign_id, campaign_name
