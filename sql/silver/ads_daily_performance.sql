-- Ad spend and delivery of Google Ads, Meta Ads and LinkedIn Ads per campaign and account day,
-- in the account currency and in the reporting currency (silver.ref_fx_rates, the rate of that
-- day), with the channel from conf/channel_mapping.csv (field ad_platform).
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

  UNION ALL

  SELECT
    'meta_ads',
    account_id,
    campaign_id,
    max(campaign_name),
    date,
    max(currency_code),
    sum(spend),
    sum(impressions),
    sum(clicks),
    sum(leads),
    'meta_ads/'
  FROM silver.stg_meta_ads_ads_insights
  GROUP BY account_id, campaign_id, date

  UNION ALL

  SELECT
    'linkedin_ads',
    coalesce(c.account_id, 'unknown'),
    a.campaign_id,
    c.campaign_name,
    a.date,
    a.currency_code,
    a.spend,
    a.impressions,
    a.clicks,
    a.conversions,
    'linkedin_ads/'
  FROM silver.stg_linkedin_ads_ad_analytics AS a
  LEFT JOIN silver.stg_linkedin_ads_campaigns AS c ON c.campaign_id = a.campaign_id
),

channels AS (
  SELECT p.*, channel_of(map('ad_platform', p.platform_key)) AS platform_rule
  FROM performance AS p
)

SELECT
  c.platform,
  c.account_id,
  c.campaign_id,
  c.campaign_name,
  c.date,
  c.currency_code,
  CAST(c.spend AS DECIMAL(18, 6)) AS spend,
  CAST(
    c.spend * CASE WHEN c.currency_code = '${money.reporting_currency}' THEN 1 ELSE fx.rate END
    AS DECIMAL(18, 6)
  ) AS spend_reporting,
  CAST(c.impressions AS BIGINT) AS impressions,
  CAST(c.clicks AS BIGINT) AS clicks,
  CAST(c.conversions AS DOUBLE) AS conversions,
  coalesce(c.platform_rule.channel, 'Unmapped') AS channel,
  coalesce(c.platform_rule.channel_class, 'unmapped') AS channel_class
FROM channels AS c
LEFT JOIN silver.ref_fx_rates AS fx
  ON fx.from_currency = c.currency_code AND c.date >= fx.valid_from AND c.date < fx.valid_to
