-- Google Ads daily campaign performance, typed. Platforms restate recent days: for each account,
-- campaign, day and breakdown segment the row of the latest extract wins (latest_* views).
-- Connector tables report one row per network and device (Fivetran campaign_stats) or per hour
-- (Airbyte campaign): those rows add up; a stream without the customer id names it in the
-- campaign's resource name. Where the report carries only ids, the campaign's name and channel
-- type and the account's currency and time zone come from the connector's campaign_history and
-- account_history (Airbyte: customer). Cost is micros / 1e6.
WITH report AS (
  SELECT
    * EXCEPT (customer_id),
    coalesce(customer_id, regexp_extract(resource_name, 'customers/(\\d+)/', 1)) AS customer_id
  FROM latest_raw_google_ads_campaign_performance
  WHERE parse_date(date) <= ${business_date}
),

campaigns AS (
  SELECT id, name, advertising_channel_type FROM latest_raw_google_ads_campaign_history
),

accounts AS (
  SELECT id, currency_code, time_zone FROM latest_raw_google_ads_account_history
)

SELECT
  parse_date(r.date) AS date,
  r.customer_id,
  upper(coalesce(max(r.currency_code), max(a.currency_code))) AS currency_code,
  coalesce(max(r.time_zone), max(a.time_zone)) AS time_zone,
  r.campaign_id,
  coalesce(max(r.campaign_name), max(c.name)) AS campaign_name,
  upper(coalesce(max(r.advertising_channel_type), max(c.advertising_channel_type)))
    AS advertising_channel_type,
  sum(parse_long(r.impressions)) AS impressions,
  sum(parse_long(r.clicks)) AS clicks,
  CAST(sum(CAST(r.cost_micros AS DECIMAL(24, 0))) / 1000000 AS DECIMAL(18, 6)) AS cost,
  sum(CAST(r.conversions AS DOUBLE)) AS conversions,
  sum(CAST(r.conversions_value AS DOUBLE)) AS conversions_value
FROM report AS r
LEFT JOIN campaigns AS c ON c.id = r.campaign_id
LEFT JOIN accounts AS a ON a.id = r.customer_id
GROUP BY parse_date(r.date), r.customer_id, r.campaign_id
