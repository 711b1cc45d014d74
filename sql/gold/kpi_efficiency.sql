-- periods: month, quarter
-- Cost and efficiency per channel in the ${period}: what the channel cost — ad spend in the
-- reporting currency and the actual cost of CRM campaigns (events, trade shows, webinars) counted
-- on their start date — the records of the channel that entered each stage in the period, cost per
-- lead, MQL, SQL and opportunity (marketing cost ÷ those records), new customers and customer
-- acquisition cost. The '(all)' row is the period's total (breakdown 'total', is_total); it adds the conf sales cost
-- (acquisition.sales_cost_per_month) to its CAC. Each cost part has its own column.
WITH periods AS (
  SELECT DISTINCT ${period}_start AS period_start, ${period}_end AS period_end, ${period}_label AS period_label
  FROM gold.dim_calendar
),

spend AS (
  SELECT c.${period}_start AS period_start, coalesce(a.channel, '(all)') AS channel, sum(a.spend_reporting) AS spend
  FROM silver.ads_daily_performance AS a
  INNER JOIN gold.dim_calendar AS c ON c.date = a.date
  GROUP BY c.${period}_start, GROUPING SETS ((), (a.channel))
),

campaign_costs AS (
  SELECT c.${period}_start AS period_start, coalesce(k.channel, '(all)') AS channel, sum(k.actual_cost) AS campaign_cost
  FROM silver.crm_campaigns AS k
  INNER JOIN gold.dim_calendar AS c ON c.date = k.cost_date
  WHERE k.actual_cost IS NOT NULL
  GROUP BY c.${period}_start, GROUPING SETS ((), (k.channel))
),

stage_counts AS (
  SELECT
    c.${period}_start AS period_start,
    coalesce(e.channel, '(all)') AS channel,
    count_if(e.stage = 'inquiry') AS leads,
    count_if(e.stage = 'mql') AS mqls,
    count_if(e.stage = 'sql') AS sqls,
    count_if(e.stage = 'opportunity') AS opportunities
  FROM gold.fct_funnel_stage_entries AS e
  INNER JOIN gold.dim_calendar AS c ON c.date = CAST(e.entered_at AS DATE)
  GROUP BY c.${period}_start, GROUPING SETS ((), (e.channel))
),

first_wins AS (
  SELECT
    coalesce(account_id, opportunity_id) AS customer,
    min_by(source_channel, CASE WHEN closed_date IS NOT NULL THEN struct(closed_date, opportunity_id) END) AS channel,
    min(closed_date) AS first_won_date
  FROM gold.fct_opportunities
  WHERE is_won
  GROUP BY 1
),

new_customers AS (
  SELECT c.${period}_start AS period_start, coalesce(w.channel, '(all)') AS channel, count(*) AS new_customers
  FROM first_wins AS w
  INNER JOIN gold.dim_calendar AS c ON c.date = w.first_won_date
  GROUP BY c.${period}_start, GROUPING SETS ((), (w.channel))
),

period_keys AS (
  SELECT period_start, channel FROM spend
  UNION
  SELECT period_start, channel FROM campaign_costs
  UNION
  SELECT period_start, channel FROM stage_counts
  UNION
  SELECT period_start, channel FROM new_customers
),

measures AS (
  SELECT
    p.period_start,
    p.period_end,
    p.period_label,
    k.channel,
    CAST(coalesce(s.spend, 0) AS DECIMAL(18, 2)) AS spend,
    CAST(coalesce(m.campaign_cost, 0) AS DECIMAL(18, 2)) AS campaign_cost,
    CAST(CASE WHEN k.channel = '(all)'
      THEN ${acquisition.sales_cost_per_month} * months_between(date_add(p.period_end, 1), p.period_start)
      ELSE 0 END AS DECIMAL(18, 2)) AS sales_cost,
    CAST(coalesce(n.leads, 0) AS BIGINT) AS leads,
    CAST(coalesce(n.mqls, 0) AS BIGINT) AS mqls,
    CAST(coalesce(n.sqls, 0) AS BIGINT) AS sqls,
    CAST(coalesce(n.opportunities, 0) AS BIGINT) AS opportunities,
    CAST(coalesce(w.new_customers, 0) AS BIGINT) AS new_customers
  FROM period_keys AS k
  INNER JOIN periods AS p ON p.period_start = k.period_start
  LEFT JOIN spend AS s ON s.period_start = k.period_start AND s.channel = k.channel
  LEFT JOIN campaign_costs AS m ON m.period_start = k.period_start AND m.channel = k.channel
  LEFT JOIN stage_counts AS n ON n.period_start = k.period_start AND n.channel = k.channel
  LEFT JOIN new_customers AS w ON w.period_start = k.period_start AND w.channel = k.channel
),

costed AS (
  SELECT
    *,
    CAST(spend + campaign_cost AS DECIMAL(18, 2)) AS marketing_cost,
    CAST(spend + campaign_cost + sales_cost AS DECIMAL(18, 2)) AS total_cost
  FROM measures
)

SELECT
  *,
  CAST(try_divide(marketing_cost, leads) AS DECIMAL(18, 2)) AS cost_per_lead,
  CAST(try_divide(marketing_cost, mqls) AS DECIMAL(18, 2)) AS cost_per_mql,
  CAST(try_divide(marketing_cost, sqls) AS DECIMAL(18, 2)) AS cost_per_sql,
  CAST(try_divide(marketing_cost, opportunities) AS DECIMAL(18, 2)) AS cost_per_opportunity,
  CAST(try_divide(total_cost, new_customers) AS DECIMAL(18, 2)) AS cac,
  CASE WHEN channel = '(all)' THEN 'total' ELSE 'channel' END AS breakdown,
  channel = '(all)' AS is_total,
  period_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM costed
