-- Meta ad creatives with the UTM parameters their links carry (from url_tags).
SELECT
  id AS creative_id,
  account_id,
  campaign_id,
  ad_id,
  name AS creative_name,
  url_tags,
  try_parse_url(concat('https://x/?', coalesce(url_tags, '')), 'QUERY', 'utm_source') AS utm_source,
  try_parse_url(concat('https://x/?', coalesce(url_tags, '')), 'QUERY', 'utm_medium') AS utm_medium,
  try_parse_url(concat('https://x/?', coalesce(url_tags, '')), 'QUERY', 'utm_campaign') AS utm_campaign
FROM latest_raw_meta_ads_ad_creatives
