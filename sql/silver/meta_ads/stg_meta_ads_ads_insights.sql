-- Meta Ads Insights by day, typed; a later extract of the same day wins. Leads are the actions
-- whose type is in conf ads.meta_lead_action_types.
WITH insights AS (
  SELECT * FROM latest_raw_meta_ads_ads_insights
  WHERE parse_date(date_start) <= ${business_date}
)

SELECT
  parse_date(date_start) AS date,
  account_id,
  upper(account_currency) AS currency_code,
  campaign_id,
  campaign_name,
  adset_id,
  ad_id,
  CAST(impressions AS BIGINT) AS impressions,
  CAST(clicks AS BIGINT) AS clicks,
  CAST(spend AS DECIMAL(18, 6)) AS spend,
  CAST(coalesce(aggregate(
    filter(
      from_json(actions, 'array<struct<action_type:string,value:string>>'),
      a -> a.action_type IN ${ads.meta_lead_action_types}
    ),
    CAST(0 AS DOUBLE),
    (total, a) -> total + CAST(a.value AS DOUBLE)
  ), 0) AS DOUBLE) AS leads
FROM insights
