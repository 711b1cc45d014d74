-- Meta Ads Insights by day, typed; a later extract of the same day wins. Leads are the actions
-- whose type is in conf ads.meta_lead_action_types. Connector reports at ad grain (Fivetran
-- basic_ad) carry no campaign, currency or actions: the ad's campaign and ad set come from the
-- connector's ad_history, names from campaign_history, the currency from account_history, and
-- leads from basic_ad_actions; clicks are then the link clicks the report has.
WITH insights AS (
  SELECT * FROM latest_raw_meta_ads_ads_insights
  WHERE parse_date(date_start) <= ${business_date}
),

ads AS (
  SELECT id, campaign_id, ad_set_id FROM latest_raw_meta_ads_ad_history
),

campaigns AS (
  SELECT id, name FROM latest_raw_meta_ads_campaign_history
),

accounts AS (
  SELECT id, currency FROM latest_raw_meta_ads_account_history
),

actions AS (
  SELECT
    parse_date(date) AS date,
    ad_id,
    sum(CAST(value AS DECIMAL(24, 6))) AS leads
  FROM latest_raw_meta_ads_ad_actions
  WHERE action_type IN ${ads.meta_lead_action_types}
  GROUP BY parse_date(date), ad_id
)

SELECT
  parse_date(i.date_start) AS date,
  i.account_id,
  upper(coalesce(i.account_currency, acc.currency)) AS currency_code,
  coalesce(i.campaign_id, ad.campaign_id) AS campaign_id,
  coalesce(i.campaign_name, c.name) AS campaign_name,
  coalesce(i.adset_id, ad.ad_set_id) AS adset_id,
  i.ad_id,
  parse_long(i.impressions) AS impressions,
  parse_long(coalesce(i.clicks, i.inline_link_clicks)) AS clicks,
  CAST(i.spend AS DECIMAL(18, 6)) AS spend,
  CAST(coalesce(aggregate(
    filter(
      from_json(i.actions, 'array<struct<action_type:string,value:string>>'),
      a -> a.action_type IN ${ads.meta_lead_action_types}
    ),
    CAST(0 AS DOUBLE),
    (total, a) -> total + CAST(a.value AS DOUBLE)
  ), act.leads, 0) AS DOUBLE) AS leads
FROM insights AS i
LEFT JOIN ads AS ad ON ad.id = i.ad_id
LEFT JOIN campaigns AS c ON c.id = coalesce(i.campaign_id, ad.campaign_id)
LEFT JOIN accounts AS acc ON acc.id = i.account_id
LEFT JOIN actions AS act ON act.ad_id = i.ad_id AND act.date = parse_date(i.date_start)
