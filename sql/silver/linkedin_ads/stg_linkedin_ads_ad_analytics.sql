-- LinkedIn adAnalytics by campaign and UTC day, typed; nested (dateRange, pivotValues URNs) and
-- flat (date, campaign_id) exports give the same rows. Spend is costInLocalCurrency in the
-- account currency of conf ads.linkedin_account_currency.
WITH analytics AS (
  SELECT
    coalesce(
      parse_date(date),
      make_date(
        CAST(parse_long(date_year) AS INT),
        CAST(parse_long(date_month) AS INT),
        CAST(parse_long(date_day) AS INT)
      )
    ) AS report_date,
    coalesce(
      regexp_extract(campaign_id, '(\\d+)$', 1),
      regexp_extract(
        get(from_json(pivot_values, 'array<string>'), 0), 'sponsoredCampaign:(\\d+)', 1
      )
    ) AS report_campaign_id,
    *
  FROM latest_raw_linkedin_ads_ad_analytics
)

SELECT
  a.report_date AS date,
  a.report_campaign_id AS campaign_id,
  '${ads.linkedin_account_currency}' AS currency_code,
  parse_long(a.impressions) AS impressions,
  parse_long(a.clicks) AS clicks,
  CAST(a.cost_in_local_currency AS DECIMAL(18, 6)) AS spend,
  CAST(a.cost_in_usd AS DECIMAL(18, 6)) AS spend_usd,
  coalesce(CAST(a.external_website_conversions AS DOUBLE), 0)
    + coalesce(CAST(parse_long(a.one_click_leads) AS DOUBLE), 0) AS conversions
FROM analytics AS a
WHERE a.report_date <= ${business_date}
