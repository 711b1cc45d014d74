-- Pipeline coverage: the open qualified new-business pipeline as it stood at 00:00 UTC on the
-- quarter's first day (rebuilt from stage and amount history), divided by the quarter's revenue
-- target (conf/targets.yml, goal won_revenue). Read 3× as "three dollars of pipeline per dollar to
-- win".
WITH quarters AS (
  SELECT DISTINCT quarter_start, quarter_end, quarter_label FROM gold.dim_calendar
),

pipeline AS (
  SELECT
    snapshot_date,
    count_if(is_qualified) AS opportunities,
    sum(CASE WHEN is_qualified THEN amount_reporting END) AS amount
  FROM gold.fct_pipeline_snapshots
  GROUP BY snapshot_date
),

targets AS (
  SELECT q.quarter_start, coalesce(max(t.target) FILTER (WHERE t.quarter = q.quarter_label),
    max(t.target) FILTER (WHERE t.quarter = '*')) AS revenue_target
  FROM quarters AS q
  LEFT JOIN conf_targets AS t ON t.goal = 'won_revenue'
  GROUP BY q.quarter_start
)

SELECT
  q.quarter_start AS period_start,
  q.quarter_end AS period_end,
  q.quarter_label AS period_label,
  CAST(coalesce(p.opportunities, 0) AS BIGINT) AS open_qualified_opportunities,
  CAST(coalesce(p.amount, 0) AS DECIMAL(18, 2)) AS open_qualified_pipeline,
  CAST(t.revenue_target AS DECIMAL(18, 2)) AS revenue_target,
  CAST(try_divide(coalesce(p.amount, 0), t.revenue_target) AS DOUBLE) AS pipeline_coverage,
  ${business_date} AS as_of_date
FROM quarters AS q
LEFT JOIN pipeline AS p ON p.snapshot_date = q.quarter_start
LEFT JOIN targets AS t ON t.quarter_start = q.quarter_start
