-- periods: month, quarter
-- Campaign performance in the ${period}: per campaign (gold.dim_campaigns), what it cost and what
-- it brought, from impressions to won revenue, under each attribution model. Cost is the campaign's
-- ad spend (each delivery day in the reporting currency) and, for a CRM campaign, its actual cost on
-- its start date. Sessions, leads, MQLs, SQLs and opportunities count the records whose campaign it
-- is (gold.dim_campaign_tags): a session's paid click or UTM campaign; a person's or deal's
-- campaign of gold.fct_funnel_stage_entries. Attributed pipeline (by creation date) and revenue
-- (by close date) come from gold.fct_campaign_attribution_credits. A UTM value that names no
-- campaign has rows of its own (utm:<value>), records without a campaign are '(none)', deals
-- without touches '(unattributed)', and the '(all)' row is the period's total. Rows per campaign
-- and segment (a person's or deal's segment) show who the records were; cost has no segment.
WITH periods AS (
  SELECT DISTINCT ${period}_start AS period_start, ${period}_end AS period_end, ${period}_label AS period_label
  FROM gold.dim_calendar
),

-- every model has rows, also before the first deal gives the credits any
models AS (
  SELECT
    explode(
      array('first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'time_decay', 'markov', 'shapley')
    ) AS model
),

-- costs under the campaign keys of gold.dim_campaigns
ad_costs AS (
  SELECT
    c.${period}_start AS period_start,
    coalesce(d.campaign_key, '(none)') AS campaign_key,
    sum(a.spend_reporting) AS ad_spend,
    sum(a.impressions) AS impressions,
    sum(a.clicks) AS clicks
  FROM silver.ads_daily_performance AS a
  LEFT JOIN gold.dim_campaigns AS d
    ON d.campaign_system = 'ad_platform' AND d.platform = a.platform AND d.campaign_id = a.campaign_id
  INNER JOIN gold.dim_calendar AS c ON c.date = a.date
  GROUP BY 1, 2
),

crm_costs AS (
  SELECT c.${period}_start AS period_start, d.campaign_key, sum(k.actual_cost) AS campaign_cost
  FROM silver.crm_campaigns AS k
  INNER JOIN gold.dim_campaigns AS d ON d.campaign_system = 'crm' AND d.campaign_id = k.campaign_id
  INNER JOIN gold.dim_calendar AS c ON c.date = k.cost_date
  WHERE k.actual_cost IS NOT NULL
  GROUP BY 1, 2
),

sessions AS (
  SELECT c.${period}_start AS period_start, coalesce(t.campaign_key, '(none)') AS campaign_key, count(*) AS sessions
  FROM silver.web_sessions AS s
  LEFT JOIN silver.ads_clicks AS k ON k.click_id = s.gclid
  LEFT JOIN gold.dim_campaign_tags AS t
    ON t.campaign_system <=> CASE WHEN k.campaign_id IS NOT NULL THEN 'ad_platform' END
    AND t.campaign_id <=> k.campaign_id AND t.tag <=> campaign_tag(s.campaign)
  INNER JOIN gold.dim_calendar AS c ON c.date = CAST(s.started_at AS DATE)
  GROUP BY 1, 2
),

stage_counts AS (
  SELECT
    c.${period}_start AS period_start,
    e.campaign_key,
    e.segment,
    e.stage,
    count(*) AS entries
  FROM gold.fct_funnel_stage_entries AS e
  INNER JOIN gold.dim_calendar AS c ON c.date = CAST(e.entered_at AS DATE)
  GROUP BY 1, 2, 3, 4
),

deal_segments AS (
  SELECT unit_id AS opportunity_id, segment FROM gold.fct_funnel_records WHERE unit = 'opportunity'
),

credits AS (
  SELECT a.*, coalesce(d.segment, 'Other') AS segment
  FROM gold.fct_campaign_attribution_credits AS a
  LEFT JOIN deal_segments AS d ON d.opportunity_id = a.opportunity_id
),

attributed_days AS (
  SELECT
    created_date AS date, model, campaign_key, segment, pipeline_credit AS credited_opportunities,
    attributed_pipeline, 0.0D AS credited_wins, 0.0D AS attributed_revenue
  FROM credits
  UNION ALL
  SELECT closed_date, model, campaign_key, segment, 0.0D, 0.0D, revenue_credit, attributed_revenue
  FROM credits
  WHERE is_won
),

attributed AS (
  SELECT
    c.${period}_start AS period_start,
    a.model,
    a.campaign_key,
    a.segment,
    exact_sum(a.credited_opportunities) AS credited_opportunities,
    exact_sum(a.attributed_pipeline) AS attributed_pipeline,
    exact_sum(a.credited_wins) AS credited_wins,
    exact_sum(a.attributed_revenue) AS attributed_revenue
  FROM attributed_days AS a
  INNER JOIN gold.dim_calendar AS c ON c.date = a.date
  GROUP BY 1, 2, 3, 4
),

-- every measure in rows of one shape, per model: cost, delivery and sessions are the same under
-- every model, and have no segment
facts AS (
  SELECT
    a.period_start, m.model, a.campaign_key, CAST(NULL AS STRING) AS segment,
    a.ad_spend, 0 AS campaign_cost, a.impressions, a.clicks, 0 AS sessions,
    0 AS leads, 0 AS mqls, 0 AS sqls, 0 AS opportunities,
    0.0D AS credited_opportunities, 0.0D AS attributed_pipeline, 0.0D AS credited_wins, 0.0D AS attributed_revenue
  FROM ad_costs AS a
  CROSS JOIN models AS m
  UNION ALL
  SELECT c.period_start, m.model, c.campaign_key, NULL, 0, c.campaign_cost, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM crm_costs AS c
  CROSS JOIN models AS m
  UNION ALL
  SELECT s.period_start, m.model, s.campaign_key, NULL, 0, 0, 0, 0, s.sessions, 0, 0, 0, 0, 0, 0, 0, 0
  FROM sessions AS s
  CROSS JOIN models AS m
  UNION ALL
  SELECT
    s.period_start, m.model, s.campaign_key, s.segment, 0, 0, 0, 0, 0,
    CASE WHEN s.stage = 'inquiry' THEN s.entries ELSE 0 END, CASE WHEN s.stage = 'mql' THEN s.entries ELSE 0 END,
    CASE WHEN s.stage = 'sql' THEN s.entries ELSE 0 END, CASE WHEN s.stage = 'opportunity' THEN s.entries ELSE 0 END,
    0, 0, 0, 0
  FROM stage_counts AS s
  CROSS JOIN models AS m
  UNION ALL
  SELECT
    period_start, model, campaign_key, segment, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    credited_opportunities, attributed_pipeline, credited_wins, attributed_revenue
  FROM attributed
),

-- per campaign, per campaign and segment, and the period's total, per model
rolled_up AS (
  SELECT
    period_start,
    model,
    coalesce(campaign_key, '(all)') AS campaign_key,
    CASE WHEN grouping(segment) = 1 THEN '(all)' ELSE segment END AS segment,
    grouping(segment) = 0 AS is_segment_row,
    CAST(sum(ad_spend) AS DECIMAL(18, 2)) AS ad_spend,
    CAST(sum(campaign_cost) AS DECIMAL(18, 2)) AS campaign_cost,
    CAST(sum(ad_spend) + sum(campaign_cost) AS DECIMAL(18, 2)) AS cost,
    CAST(sum(impressions) AS BIGINT) AS impressions,
    CAST(sum(clicks) AS BIGINT) AS clicks,
    CAST(sum(sessions) AS BIGINT) AS sessions,
    CAST(sum(leads) AS BIGINT) AS leads,
    CAST(sum(mqls) AS BIGINT) AS mqls,
    CAST(sum(sqls) AS BIGINT) AS sqls,
    CAST(sum(opportunities) AS BIGINT) AS opportunities,
    exact_sum(credited_opportunities) AS credited_opportunities,
    CAST(exact_sum(attributed_pipeline) AS DECIMAL(18, 2)) AS attributed_pipeline,
    exact_sum(credited_wins) AS credited_wins,
    CAST(exact_sum(attributed_revenue) AS DECIMAL(18, 2)) AS attributed_revenue
  FROM facts
  GROUP BY period_start, model, GROUPING SETS ((campaign_key), (campaign_key, segment), ())
),

-- a segment row has records and attribution; cost, delivery and sessions are not known per segment
segmented AS (
  SELECT
    period_start, model, campaign_key, segment,
    CASE WHEN NOT is_segment_row THEN ad_spend END AS ad_spend,
    CASE WHEN NOT is_segment_row THEN campaign_cost END AS campaign_cost,
    CASE WHEN NOT is_segment_row THEN cost END AS cost,
    CASE WHEN NOT is_segment_row THEN impressions END AS impressions,
    CASE WHEN NOT is_segment_row THEN clicks END AS clicks,
    CASE WHEN NOT is_segment_row THEN sessions END AS sessions,
    leads, mqls, sqls, opportunities, credited_opportunities, attributed_pipeline, credited_wins, attributed_revenue
  FROM rolled_up
  WHERE NOT is_segment_row OR segment IS NOT NULL
),

-- what a campaign key names: a campaign, an unmatched UTM value, or a bucket
names AS (
  SELECT campaign_key, campaign_system, platform, campaign_name, channel, channel_class FROM gold.dim_campaigns
  UNION ALL
  SELECT campaign_key, 'unmatched', NULL, min(campaign_value), NULL, NULL
  FROM gold.dim_campaign_tags
  WHERE NOT is_matched
  GROUP BY campaign_key
)

SELECT
  p.period_start,
  p.period_end,
  p.period_label,
  r.model,
  r.campaign_key,
  r.segment,
  coalesce(n.campaign_system, CASE WHEN r.campaign_key = '(all)' THEN 'total' ELSE 'none' END) AS campaign_system,
  n.platform,
  coalesce(n.campaign_name, r.campaign_key) AS campaign_name,
  n.channel,
  n.channel_class,
  r.ad_spend,
  r.campaign_cost,
  r.cost,
  r.impressions,
  r.clicks,
  r.sessions,
  r.leads,
  r.mqls,
  r.sqls,
  r.opportunities,
  r.credited_opportunities,
  r.attributed_pipeline,
  r.credited_wins,
  r.attributed_revenue,
  CAST(try_divide(r.cost, r.leads) AS DECIMAL(18, 2)) AS cost_per_lead,
  CAST(try_divide(r.cost, r.mqls) AS DECIMAL(18, 2)) AS cost_per_mql,
  CAST(try_divide(r.cost, r.sqls) AS DECIMAL(18, 2)) AS cost_per_sql,
  CAST(try_divide(r.cost, r.opportunities) AS DECIMAL(18, 2)) AS cost_per_opportunity,
  CAST(try_divide(r.attributed_revenue, r.cost) AS DOUBLE) AS roas,
  CAST(try_divide(r.attributed_pipeline, r.cost) AS DOUBLE) AS pipeline_per_cost,
  CAST(try_divide(r.attributed_pipeline - r.cost, r.cost) AS DOUBLE) AS pipeline_roi,
  CASE
    WHEN r.campaign_key = '(all)' THEN 'total'
    WHEN r.segment = '(all)' THEN 'campaign'
    ELSE 'campaign_segment'
  END AS breakdown,
  r.campaign_key = '(all)' AS is_total,
  p.period_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM segmented AS r
INNER JOIN periods AS p ON p.period_start = r.period_start
LEFT JOIN names AS n ON n.campaign_key = r.campaign_key
