-- Google Ads clicks with their gclid, campaign and ad group.
SELECT
  gclid,
  parse_date(date) AS date,
  customer_id,
  campaign_id,
  ad_group_id
FROM latest_raw_google_ads_click_view
WHERE parse_date(date) <= ${business_date}
