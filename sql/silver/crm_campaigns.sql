-- CRM campaigns (Salesforce) with their channel (conf/channel_mapping.csv, field campaign_type) and
-- what they cost: the actual cost of trade shows, webinars and events, which CAC and the cost per
-- stage add to ad spend. The cost counts on the campaign's start date (its end date when it has no
-- start), in the reporting currency as the CRM records it.
WITH channels AS (
  SELECT
    c.campaign_id,
    r.channel,
    r.channel_class,
    ROW_NUMBER() OVER (PARTITION BY c.campaign_id ORDER BY r.priority, r.pattern, r.channel) AS channel_rank
  FROM silver.stg_salesforce_campaign AS c
  INNER JOIN conf_channel_mapping AS r
    ON r.field = 'campaign_type' AND lower(coalesce(c.campaign_type, '')) LIKE r.pattern
)

SELECT
  c.campaign_id,
  c.campaign_name,
  c.campaign_type,
  c.status,
  coalesce(h.channel, 'Unmapped') AS channel,
  coalesce(h.channel_class, 'unmapped') AS channel_class,
  c.start_date,
  c.end_date,
  coalesce(c.start_date, c.end_date) AS cost_date,
  c.actual_cost,
  c.budgeted_cost
FROM silver.stg_salesforce_campaign AS c
LEFT JOIN channels AS h ON h.campaign_id = c.campaign_id AND h.channel_rank = 1
