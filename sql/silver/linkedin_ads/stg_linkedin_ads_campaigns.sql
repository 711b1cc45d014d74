-- LinkedIn campaigns: names and accounts.
SELECT
  regexp_extract(id, '(\\d+)$', 1) AS campaign_id,
  account AS account_urn,
  regexp_extract(account, '(\\d+)$', 1) AS account_id,
  name AS campaign_name,
  status,
  cost_type,
  objective_type
FROM latest_raw_linkedin_ads_campaigns
