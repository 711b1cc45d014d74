-- LinkedIn campaigns: names and accounts. Connector tables (campaign_history) keep one row per
-- change (the latest wins) and the account as a bare id; the API gives its URN.
SELECT
  regexp_extract(id, '(\\d+)$', 1) AS campaign_id,
  concat('urn:li:sponsoredAccount:', regexp_extract(account, '(\\d+)$', 1)) AS account_urn,
  regexp_extract(account, '(\\d+)$', 1) AS account_id,
  name AS campaign_name,
  status,
  cost_type,
  objective_type
FROM latest_raw_linkedin_ads_campaigns
