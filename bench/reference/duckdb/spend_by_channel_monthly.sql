-- Ad spend in the reporting currency per calendar month and channel; spend is kept in cents per
-- day and campaign, as the daily spend KPI reports it.
WITH daily AS (
  SELECT date, platform, channel, campaign_id, campaign_name, round(sum(spend_reporting), 2) AS spend
  FROM silver_ads_daily_performance
  GROUP BY ALL
)

SELECT
  CAST(date_trunc('month', date) AS DATE)::VARCHAR || '|' || channel AS key,
  sum(spend) AS spend
FROM daily
GROUP BY 1
