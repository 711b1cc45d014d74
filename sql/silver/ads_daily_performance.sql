-- Ad spend and delivery by platform, account, campaign and day (the account's own day), in the
-- account currency and in the reporting currency (latest conf/fx_rates.csv rate dated on or before
-- the day), with the channel from conf/channel_mapping.csv (field ad_platform).
WITH performance AS (
  SELECT
    'google_ads' AS platform,
    customer_id AS account_id,
    campaign_id,
    campaign_name,
    date,
    currency_code,
    cost AS spend,
    impressions,
    clicks,
    conversions,
    lower(concat('google_ads/', coalesce(advertising_channel_type, ''))) AS platform_key
  FROM silver.stg_google_ads_campaign_performance
),

fx AS (
  SELECT
    CAST(rate_date AS DATE) AS rate_date,
    upper(from_currency) AS from_currency,
    CAST(rate AS DECIMAL(18, 8)) AS rate
  FROM conf_fx_rates
  WHERE upper(to_currency) = '${money.reporting_currency}'
),

converted AS (
  SELECT
    p.*,
    CASE WHEN p.currency_code = '${money.reporting_currency}' THEN CAST(1 AS DECIMAL(18, 8)) ELSE fx.rate END AS fx_rate,
    ROW_NUMBER() OVER (
      PARTITION BY p.platform, p.account_id, p.campaign_id, p.date ORDER BY fx.rate_date DESC
    ) AS fx_rank
  FROM performance AS p
  LEFT JOIN fx ON fx.from_currency = p.currency_code AND fx.rate_date <= p.date
),

channels AS (
  SELECT
    c.*,
    m.channel,
    m.channel_class,
    ROW_NUMBER() OVER (
      PARTITION BY c.platform, c.account_id, c.campaign_id, c.date ORDER BY m.priority
    ) AS channel_rank
  FROM converted AS c
  LEFT JOIN conf_channel_mapping AS m ON m.field = 'ad_platform' AND c.platform_key LIKE m.pattern
  WHERE c.fx_rank = 1
)

SELECT
  platform,
  account_id,
  campaign_id,
  campaign_name,
  date,
  currency_code,
  CAST(spend AS DECIMAL(18, 6)) AS spend,
  CAST(spend * fx_rate AS DECIMAL(18, 6)) AS spend_reporting,
  impressions,
  clicks,
  conversions,
  coalesce(channel, 'Unmapped') AS channel,
  coalesce(channel_class, 'unmapped') AS channel_class
FROM channels
WHERE channel_rank = 1
