-- CRM campaigns (Salesforce) with their channel (conf/channel_mapping.csv, field campaign_type) and
-- what they cost: the actual cost of trade shows, webinars and events, which CAC and the cost per
-- stage add to ad spend. The cost counts on the campaign's start date (its end date when it has no
-- start), in the reporting currency as the CRM records it.
WITH campaigns AS (
  SELECT *, channel_of(map('campaign_type', lower(coalesce(campaign_type, '')))) AS type_rule
  FROM silver.stg_salesforce_campaign
)

SELECT
  c.campaign_id,
  c.campaign_name,
  c.campaign_type,
  c.status,
  coalesce(c.type_rule.channel, 'Unmapped') AS channel,
  coalesce(c.type_rule.channel_class, 'unmapped') AS channel_class,
  c.start_date,
  c.end_date,
  coalesce(c.start_date, c.end_date) AS cost_date,
  c.actual_cost,
  c.budgeted_cost
FROM campaigns AS c
