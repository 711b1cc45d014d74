-- periods: month, quarter
-- Attribution per model and channel in the ${period}: the pipeline created in the period (by
-- creation date) and the revenue won in it (by close date) credited to each channel, beside the
-- channel's ad spend and its return on ad spend (ROAS = attributed revenue ÷ spend). Comparing the
-- models side by side shows how much a channel's value depends on the model.
WITH periods AS (
  SELECT DISTINCT ${period}_start AS period_start, ${period}_end AS period_end, ${period}_label AS period_label
  FROM gold.dim_calendar
),

pipeline AS (
  SELECT c.${period}_start AS period_start, a.model, a.channel,
    exact_sum(a.pipeline_credit) AS credited_opportunities, exact_sum(a.attributed_pipeline) AS attributed_pipeline
  FROM gold.fct_attribution_credits AS a
  INNER JOIN gold.dim_calendar AS c ON c.date = a.created_date
  GROUP BY 1, 2, 3
),

revenue AS (
  SELECT c.${period}_start AS period_start, a.model, a.channel,
    exact_sum(a.revenue_credit) AS credited_wins, exact_sum(a.attributed_revenue) AS attributed_revenue
  FROM gold.fct_attribution_credits AS a
  INNER JOIN gold.dim_calendar AS c ON c.date = a.closed_date
  WHERE a.is_won
  GROUP BY 1, 2, 3
),

spend AS (
  SELECT c.${period}_start AS period_start, a.channel, sum(a.spend_reporting) AS spend
  FROM silver.ads_daily_performance AS a
  INNER JOIN gold.dim_calendar AS c ON c.date = a.date
  GROUP BY 1, 2
),

models AS (
  SELECT DISTINCT model FROM gold.fct_attribution_credits
),

period_keys AS (
  SELECT period_start, model, channel FROM pipeline
  UNION
  SELECT period_start, model, channel FROM revenue
  UNION
  SELECT s.period_start, m.model, s.channel FROM spend AS s CROSS JOIN models AS m
)

SELECT
  p.period_start, p.period_end, p.period_label,
  k.model, k.channel,
  CAST(coalesce(pl.credited_opportunities, 0) AS DOUBLE) AS credited_opportunities,
  CAST(coalesce(pl.attributed_pipeline, 0) AS DECIMAL(18, 2)) AS attributed_pipeline,
  CAST(coalesce(r.credited_wins, 0) AS DOUBLE) AS credited_wins,
  CAST(coalesce(r.attributed_revenue, 0) AS DECIMAL(18, 2)) AS attributed_revenue,
  CAST(coalesce(s.spend, 0) AS DECIMAL(18, 2)) AS spend,
  CAST(try_divide(coalesce(r.attributed_revenue, 0), s.spend) AS DOUBLE) AS roas,
  p.period_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM period_keys AS k
INNER JOIN periods AS p ON p.period_start = k.period_start
LEFT JOIN pipeline AS pl ON pl.period_start = k.period_start AND pl.model = k.model AND pl.channel = k.channel
LEFT JOIN revenue AS r ON r.period_start = k.period_start AND r.model = k.model AND r.channel = k.channel
LEFT JOIN spend AS s ON s.period_start = k.period_start AND s.channel = k.channel
