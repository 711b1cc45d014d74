-- The quarterly alignment scorecard: one row per shared goal (conf/targets.yml) and fiscal quarter,
-- with its owner, target, actual, attainment and status. Attainment is actual ÷ target, or
-- target ÷ actual for lower-is-better goals (CAC, cycle days, speed to lead), so 100 % always
-- means "on target"; status is green from 100 %, amber from conf scorecard.amber_from, red below.
-- The KPI step signs a quarter once it has closed: its rows are then kept as they were, with the
-- definitions version they were computed under (docs/kpis.md, "Signed quarters"). A quarter's
-- version covers only what can change its numbers: the rules and gold SQL, the quarter's own goals
-- and targets, and the exchange rates dated up to its end.
WITH quarters AS (
  SELECT DISTINCT quarter_start, quarter_end, quarter_label FROM gold.dim_calendar
),

pipeline AS (
  SELECT
    period_start,
    max(CASE WHEN sourcing = '(all)' THEN won_amount END) AS won_revenue,
    max(CASE WHEN sourcing = '(all)' THEN pipeline_created END) AS pipeline_created,
    try_divide(
      max(CASE WHEN sourcing = 'marketing' THEN pipeline_created END),
      max(CASE WHEN sourcing = '(all)' THEN pipeline_created END)
    ) AS marketing_sourced_pipeline_share,
    max(CASE WHEN sourcing = '(all)' THEN win_rate END) AS win_rate,
    max(CASE WHEN sourcing = '(all)' THEN median_sales_cycle_days END) AS sales_cycle_days
  FROM gold.kpi_pipeline_quarterly
  WHERE source_channel = '(all)'
  GROUP BY period_start
),

-- the quarter's real MQLs: a record that skipped MQL (outbound, imported) is not one
mql_conversion AS (
  SELECT c.quarter_start AS period_start, try_divide(count(r.sql_at), count(*)) AS mql_to_sql_conversion
  FROM gold.fct_funnel_records AS r
  INNER JOIN gold.dim_calendar AS c ON c.date = CAST(r.mql_at AS DATE)
  WHERE r.unit = 'person' AND NOT r.is_mql_backfilled
  GROUP BY c.quarter_start
),

handoff AS (
  SELECT period_start, acceptance_rate AS lead_acceptance_rate, sla_compliance,
    median_hours_to_first_touch AS median_speed_to_lead_hours
  FROM gold.kpi_lead_handoff_quarterly
  WHERE channel = '(all)' AND owner_id = '(all)'
),

efficiency AS (
  SELECT period_start, cac FROM gold.kpi_efficiency_quarterly WHERE channel = '(all)'
),

paid_channels AS (
  SELECT DISTINCT channel FROM silver.ads_daily_performance
),

roas AS (
  SELECT a.period_start, try_divide(sum(a.attributed_revenue), sum(a.spend)) AS roas
  FROM gold.kpi_attribution_quarterly AS a
  INNER JOIN paid_channels AS p ON p.channel = a.channel
  WHERE a.model = '${attribution.scorecard_model}'
  GROUP BY a.period_start
),

actuals AS (
  SELECT
    q.period_start AS quarter_start,
    inline(array(
      named_struct('goal', 'won_revenue', 'actual', CAST(coalesce(p.won_revenue, 0) AS DOUBLE)),
      named_struct('goal', 'pipeline_created', 'actual', CAST(coalesce(p.pipeline_created, 0) AS DOUBLE)),
      named_struct(
        'goal', 'marketing_sourced_pipeline_share', 'actual', CAST(p.marketing_sourced_pipeline_share AS DOUBLE)
      ),
      named_struct('goal', 'mql_to_sql_conversion', 'actual', CAST(m.mql_to_sql_conversion AS DOUBLE)),
      named_struct('goal', 'lead_acceptance_rate', 'actual', CAST(h.lead_acceptance_rate AS DOUBLE)),
      named_struct('goal', 'sla_compliance', 'actual', CAST(h.sla_compliance AS DOUBLE)),
      named_struct('goal', 'median_speed_to_lead_hours', 'actual', CAST(h.median_speed_to_lead_hours AS DOUBLE)),
      named_struct('goal', 'win_rate', 'actual', CAST(p.win_rate AS DOUBLE)),
      named_struct('goal', 'sales_cycle_days', 'actual', CAST(p.sales_cycle_days AS DOUBLE)),
      named_struct('goal', 'cac', 'actual', CAST(e.cac AS DOUBLE)),
      named_struct('goal', 'roas', 'actual', CAST(r.roas AS DOUBLE))
    ))
  FROM (SELECT quarter_start AS period_start FROM quarters) AS q
  LEFT JOIN pipeline AS p USING (period_start)
  LEFT JOIN mql_conversion AS m USING (period_start)
  LEFT JOIN handoff AS h USING (period_start)
  LEFT JOIN efficiency AS e USING (period_start)
  LEFT JOIN roas AS r USING (period_start)
),

targeted AS (
  SELECT
    q.quarter_start,
    q.quarter_end,
    q.quarter_label,
    g.goal,
    g.label,
    g.owner,
    g.better,
    g.horizon,
    g.unit,
    g.display_order,
    coalesce(
      max(t.target) FILTER (WHERE t.quarter = q.quarter_label),
      max(t.target) FILTER (WHERE t.quarter = '*')
    ) AS target,
    max(a.actual) AS actual
  FROM quarters AS q
  CROSS JOIN conf_scorecard_goals AS g
  LEFT JOIN conf_targets AS t ON t.goal = g.goal
  LEFT JOIN actuals AS a ON a.quarter_start = q.quarter_start AND a.goal = g.goal
  GROUP BY
    q.quarter_start, q.quarter_end, q.quarter_label, g.goal, g.label, g.owner, g.better, g.horizon, g.unit,
    g.display_order
),

fx_up_to_quarter_end AS (
  SELECT
    q.quarter_start,
    array_join(
      sort_array(collect_list(concat_ws(':', f.from_currency, CAST(f.valid_from AS STRING), CAST(f.rate AS STRING)))),
      ','
    )
      AS rates
  FROM quarters AS q
  INNER JOIN silver.ref_fx_rates AS f ON f.valid_from <= q.quarter_end
  GROUP BY q.quarter_start
),

versions AS (
  SELECT
    t.quarter_start AS version_quarter_start,
    substr(sha2(concat_ws('|',
      '${rules_version}',
      array_join(sort_array(collect_list(concat_ws(':',
        t.goal, t.label, t.owner, t.better, t.horizon, t.unit, coalesce(CAST(t.target AS STRING), '-')))), ','),
      coalesce(max(f.rates), '')
    ), 256), 1, 12) AS definitions_version
  FROM targeted AS t
  LEFT JOIN fx_up_to_quarter_end AS f ON f.quarter_start = t.quarter_start
  GROUP BY t.quarter_start
),

scored AS (
  SELECT
    *,
    CASE
      WHEN better = 'higher' THEN try_divide(actual, target)
      ELSE try_divide(target, actual)
    END AS attainment,
    lag(actual) OVER (PARTITION BY goal ORDER BY quarter_start) AS previous_actual,
    avg(actual) OVER (PARTITION BY goal ORDER BY quarter_start ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)
      AS trailing_four_quarter_average
  FROM targeted
)

SELECT
  s.quarter_label,
  s.quarter_start,
  s.quarter_end,
  CAST(s.display_order AS INT) AS display_order,
  s.goal,
  s.label,
  s.owner,
  s.better,
  s.horizon,
  s.unit,
  CAST(s.target AS DOUBLE) AS target,
  CAST(s.actual AS DOUBLE) AS actual,
  CAST(s.attainment AS DOUBLE) AS attainment,
  CASE
    WHEN s.actual IS NULL OR s.target IS NULL THEN 'no data'
    WHEN s.attainment >= 1 THEN 'green'
    WHEN s.attainment >= ${scorecard.amber_from} THEN 'amber'
    ELSE 'red'
  END AS status,
  CAST(s.previous_actual AS DOUBLE) AS previous_actual,
  CAST(s.actual - s.previous_actual AS DOUBLE) AS change_vs_last_quarter,
  CAST(s.trailing_four_quarter_average AS DOUBLE) AS trailing_four_quarter_average,
  s.quarter_end < ${business_date} AS is_closed,
  v.definitions_version,
  ${business_date} AS computed_as_of,
  CAST(NULL AS DATE) AS signed_on,
  CAST(NULL AS BIGINT) AS signing,
  TRUE AS is_current_version
FROM scored AS s
INNER JOIN versions AS v ON v.version_quarter_start = s.quarter_start
