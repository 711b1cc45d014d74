-- The campaigns marketing runs, one row each: every ad-platform campaign that reported delivery
-- (Google Ads, Meta Ads, LinkedIn Ads) and every CRM campaign (webinars, events, trade shows,
-- e-mail programmes). campaign_key names a campaign across systems: <platform>:<id> for an ad
-- campaign, crm:<id> for a CRM campaign. An ad campaign carries the name and channel of its latest
-- day of delivery. gold.dim_campaign_tags maps the campaign values of touches, sessions, leads and
-- deals to these keys.
WITH ad_campaigns AS (
  SELECT
    concat(platform, ':', campaign_id) AS campaign_key,
    'ad_platform' AS campaign_system,
    platform,
    max_by(account_id, struct(date, account_id)) AS account_id,
    campaign_id,
    max_by(campaign_name, struct(date, campaign_name)) AS campaign_name,
    CAST(NULL AS STRING) AS campaign_type,
    max_by(channel, struct(date, channel)) AS channel,
    max_by(channel_class, struct(date, channel_class)) AS channel_class,
    CAST(NULL AS STRING) AS status,
    min(date) AS start_date,
    max(date) AS end_date
  FROM silver.ads_daily_performance
  WHERE campaign_id IS NOT NULL
  GROUP BY platform, campaign_id
),

crm_campaigns AS (
  SELECT
    concat('crm:', campaign_id) AS campaign_key,
    'crm' AS campaign_system,
    'crm' AS platform,
    CAST(NULL AS STRING) AS account_id,
    campaign_id,
    campaign_name,
    campaign_type,
    channel,
    channel_class,
    status,
    start_date,
    end_date
  FROM silver.crm_campaigns
),

campaigns AS (
  SELECT * FROM ad_campaigns
  UNION ALL
  SELECT * FROM crm_campaigns
)

-- the forms UTM values are compared with (dim_campaign_tags)
SELECT *, campaign_tag(campaign_id) AS id_tag, campaign_tag(campaign_name) AS name_tag
FROM campaigns
