-- Ad clicks whose click id the platform exports (Google Ads click_view): the key from a gclid on
-- the website or a lead to the campaign and ad group that bought the click.
SELECT
  v.gclid AS click_id,
  'gclid' AS click_id_type,
  'google_ads' AS platform,
  v.customer_id AS account_id,
  v.campaign_id,
  p.campaign_name,
  v.ad_group_id,
  v.date
FROM silver.stg_google_ads_click_view AS v
LEFT JOIN (
  SELECT campaign_id, max_by(campaign_name, struct(date, campaign_name)) AS campaign_name
  FROM silver.stg_google_ads_campaign_performance
  GROUP BY campaign_id
) AS p ON p.campaign_id = v.campaign_id
