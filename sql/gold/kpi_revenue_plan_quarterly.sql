-- What it takes: the reverse funnel. For the as-of date's quarter and the next ones (conf
-- plan.quarters_ahead) with a won-revenue target (conf/targets.yml), it works back from the revenue
-- still to win to the deals, opportunities, SQLs, MQLs and leads needed and the marketing budget they
-- cost, with the rates of the trailing complete quarters (conf plan.trailing_quarters): win rate,
-- deal size and sales cycle of the new-business deals closed then, each stage's conversion to the
-- next, the share of opportunities that came through the lead funnel, and each channel's cost per
-- lead. The gap to the current pipeline: open deals expected to close in the quarter (created a
-- sales cycle before) count as opportunities in hand. Cycle times say by when each stage must be
-- reached: a deal that closes in the quarter was created a sales cycle before it, its SQL before
-- that. Counts are worked out unrounded and rounded up per row.
WITH quarters AS (
  SELECT DISTINCT quarter_start, quarter_end, quarter_label FROM gold.dim_calendar
),

current_quarter AS (
  SELECT
    quarter_start,
    regexp_replace(quarter_label, '[0-9]{4}-Q[0-9]$', '') AS label_prefix,
    CAST(regexp_extract(quarter_label, '([0-9]{4})-Q([0-9])$', 1) AS INT) AS label_year,
    CAST(regexp_extract(quarter_label, '([0-9]{4})-Q([0-9])$', 2) AS INT) AS label_quarter
  FROM quarters
  WHERE ${business_date} BETWEEN quarter_start AND quarter_end
),

-- the calendar ends with the as-of date's week: later quarters follow from the current one
plan_quarters AS (
  SELECT
    add_months(c.quarter_start, 3 * k) AS period_start,
    date_sub(add_months(c.quarter_start, 3 * (k + 1)), 1) AS period_end,
    concat(
      c.label_prefix,
      CAST(c.label_year + CAST(floor((c.label_quarter - 1 + k) / 4) AS INT) AS STRING),
      '-Q',
      CAST(pmod(c.label_quarter - 1 + k, 4) + 1 AS STRING)
    ) AS period_label
  FROM current_quarter AS c
  LATERAL VIEW explode(sequence(0, ${plan.quarters_ahead})) quarters_ahead AS k
),

all_quarters AS (
  SELECT quarter_start, quarter_end, quarter_label FROM quarters
  UNION
  SELECT period_start, period_end, period_label FROM plan_quarters
),

targets AS (
  SELECT
    q.period_start,
    coalesce(
      max(t.target) FILTER (WHERE t.quarter = q.period_label),
      max(t.target) FILTER (WHERE t.quarter = '*')
    ) AS revenue_target
  FROM plan_quarters AS q
  INNER JOIN conf_targets AS t ON t.goal = 'won_revenue'
  GROUP BY q.period_start
),

trailing_window AS (
  SELECT min(quarter_start) AS trailing_from, max(quarter_end) AS trailing_to
  FROM (
    SELECT quarter_start, quarter_end
    FROM quarters
    WHERE quarter_end < (SELECT quarter_start FROM current_quarter)
    ORDER BY quarter_start DESC
    LIMIT ${plan.trailing_quarters}
  )
),

closed_deals AS (
  SELECT
    try_divide(count_if(o.is_won), count_if(o.is_won) + count_if(o.is_lost)) AS win_rate,
    try_divide(sum(CASE WHEN o.is_won THEN o.amount_reporting END), count_if(o.is_won)) AS average_deal_size,
    percentile(CASE WHEN o.is_won THEN o.days_to_close END, 0.5) AS sales_cycle_days
  FROM gold.fct_opportunities AS o
  CROSS JOIN trailing_window AS w
  WHERE o.closed_date BETWEEN w.trailing_from AND w.trailing_to
),

-- of the deals created in the trailing quarters, the share converted from a person who became an SQL
created_deals AS (
  SELECT try_divide(count_if(p.sql_at IS NOT NULL), count(*)) AS funnel_share
  FROM gold.fct_opportunities AS o
  CROSS JOIN trailing_window AS w
  LEFT JOIN gold.fct_funnel_records AS p ON p.unit = 'person' AND p.unit_id = o.person_id
  WHERE o.created_date BETWEEN w.trailing_from AND w.trailing_to
),

-- people who entered a stage in the trailing quarters: the share that reached the next stage by
-- the as-of date, and the median days it took (a skipped MQL is not timed, as in time in stage)
person_stages AS (
  SELECT s.stage, s.entered_at, s.next_at, s.is_backfilled
  FROM gold.fct_funnel_records AS r
  LATERAL VIEW stack(
    3,
    'lead', r.inquiry_at, r.mql_at, FALSE,
    'mql', r.mql_at, r.sql_at, r.is_mql_backfilled,
    'sql', r.sql_at, r.opportunity_at, FALSE
  ) s AS stage, entered_at, next_at, is_backfilled
  WHERE r.unit = 'person' AND s.entered_at IS NOT NULL
),

conversions AS (
  SELECT
    max(CASE WHEN stage = 'lead' THEN conversion_rate END) AS lead_to_mql,
    max(CASE WHEN stage = 'mql' THEN conversion_rate END) AS mql_to_sql,
    max(CASE WHEN stage = 'sql' THEN conversion_rate END) AS sql_to_opportunity,
    max(CASE WHEN stage = 'lead' THEN days_to_next END) AS lead_days,
    max(CASE WHEN stage = 'mql' THEN days_to_next END) AS mql_days,
    max(CASE WHEN stage = 'sql' THEN days_to_next END) AS sql_days
  FROM (
    SELECT
      e.stage,
      count_if(e.next_at IS NOT NULL) / count(*) AS conversion_rate,
      percentile(
        CASE
          WHEN e.next_at IS NOT NULL AND NOT e.is_backfilled
            THEN (unix_seconds(e.next_at) - unix_seconds(e.entered_at)) / 86400.0D
        END,
        0.5
      ) AS days_to_next
    FROM person_stages AS e
    CROSS JOIN trailing_window AS w
    WHERE CAST(e.entered_at AS DATE) BETWEEN w.trailing_from AND w.trailing_to
    GROUP BY e.stage
  )
),

-- each channel's leads and marketing cost in the trailing quarters, and the '(all)' total
channel_costs AS (
  SELECT
    e.channel,
    sum(e.leads) AS leads,
    sum(e.marketing_cost) AS marketing_cost,
    try_divide(sum(e.marketing_cost), sum(e.leads)) AS cost_per_lead
  FROM gold.kpi_efficiency_quarterly AS e
  CROSS JOIN trailing_window AS w
  WHERE e.period_start BETWEEN w.trailing_from AND w.trailing_to
  GROUP BY e.channel
),

lead_mix AS (
  SELECT c.channel, try_divide(c.leads, a.leads) AS lead_share, c.cost_per_lead
  FROM channel_costs AS c
  INNER JOIN channel_costs AS a ON a.channel = '(all)'
  WHERE c.leads > 0
),

rates AS (
  SELECT w.*, cd.*, nd.*, cv.*
  FROM trailing_window AS w
  CROSS JOIN closed_deals AS cd
  CROSS JOIN created_deals AS nd
  CROSS JOIN conversions AS cv
),

-- the deals in hand for each plan quarter: those already won in it, and the open deals expected to
-- close in it, a sales cycle after their creation, or from the as-of date on once that day has passed
deals_in_hand AS (
  SELECT
    q.period_start,
    count_if(o.is_won) AS won_deals,
    coalesce(sum(CASE WHEN o.is_won THEN o.amount_reporting END), 0) AS won_amount,
    count_if(NOT o.is_won) AS open_deals,
    coalesce(sum(CASE WHEN NOT o.is_won THEN o.pipeline_amount_reporting END), 0) AS open_amount
  FROM plan_quarters AS q
  CROSS JOIN rates AS r
  LEFT JOIN gold.fct_opportunities AS o
    ON (o.is_won AND o.closed_date BETWEEN q.period_start AND least(q.period_end, ${business_date}))
    OR (
      NOT o.is_won AND NOT o.is_lost
      AND greatest(date_add(o.created_date, CAST(round(r.sales_cycle_days) AS INT)), ${business_date})
      BETWEEN q.period_start AND q.period_end
    )
  GROUP BY q.period_start
),

chain AS (
  SELECT
    q.period_start,
    q.period_end,
    q.period_label,
    t.revenue_target,
    h.won_amount AS won_to_date,
    greatest(t.revenue_target - h.won_amount, 0) AS revenue_gap,
    h.won_deals,
    h.open_deals,
    h.open_amount,
    r.*,
    try_divide(greatest(t.revenue_target - h.won_amount, 0), r.average_deal_size) AS deals_needed
  FROM plan_quarters AS q
  INNER JOIN targets AS t ON t.period_start = q.period_start
  INNER JOIN deals_in_hand AS h ON h.period_start = q.period_start
  CROSS JOIN rates AS r
  WHERE t.revenue_target IS NOT NULL
),

opportunity_step AS (
  -- unknown (no trailing win rate) stays unknown: greatest() would turn it into 0
  SELECT
    *,
    CASE
      WHEN try_divide(deals_needed, win_rate) IS NOT NULL
        THEN greatest(try_divide(deals_needed, win_rate) - open_deals, 0)
    END AS opportunities_needed
  FROM chain
),

funnel_steps AS (
  SELECT
    *,
    try_divide(opportunities_needed * funnel_share, sql_to_opportunity) AS sqls_needed,
    try_divide(try_divide(opportunities_needed * funnel_share, sql_to_opportunity), mql_to_sql) AS mqls_needed,
    try_divide(
      try_divide(try_divide(opportunities_needed * funnel_share, sql_to_opportunity), mql_to_sql), lead_to_mql
    ) AS leads_needed
  FROM opportunity_step
),

steps AS (
  SELECT
    f.*,
    s.stage,
    s.stage_order,
    s.needed_exact,
    s.rate_used,
    s.in_hand,
    s.in_hand_amount,
    s.days_before_close
  FROM funnel_steps AS f
  LATERAL VIEW stack(
    5,
    'lead', 1, f.leads_needed, f.lead_to_mql, CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(18, 2)),
      f.sales_cycle_days + f.sql_days + f.mql_days + f.lead_days,
    'mql', 2, f.mqls_needed, f.mql_to_sql, NULL, NULL, f.sales_cycle_days + f.sql_days + f.mql_days,
    'sql', 3, f.sqls_needed, f.sql_to_opportunity, NULL, NULL, f.sales_cycle_days + f.sql_days,
    'opportunity',
    4,
    f.opportunities_needed,
    f.win_rate,
    f.open_deals,
    CAST(f.open_amount AS DECIMAL(18, 2)),
    f.sales_cycle_days,
    'won', 5, f.deals_needed, CAST(NULL AS DOUBLE), f.won_deals, CAST(f.won_to_date AS DECIMAL(18, 2)), 0.0D
  ) s AS stage, stage_order, needed_exact, rate_used, in_hand, in_hand_amount, days_before_close
),

-- the quarter's total per stage; leads also per channel, in the trailing quarters' lead mix
plan_rows AS (
  SELECT
    s.*,
    '(all)' AS channel,
    s.needed_exact AS channel_needed,
    CAST(NULL AS DOUBLE) AS lead_share,
    CASE WHEN s.stage = 'lead' THEN a.cost_per_lead END AS cost_per_lead
  FROM steps AS s
  LEFT JOIN channel_costs AS a ON a.channel = '(all)'
  UNION ALL
  SELECT
    s.*,
    m.channel,
    s.needed_exact * m.lead_share AS channel_needed,
    m.lead_share,
    m.cost_per_lead
  FROM steps AS s
  INNER JOIN lead_mix AS m ON m.channel != '(all)'
  WHERE s.stage = 'lead'
)

SELECT
  r.period_start,
  r.period_end,
  r.period_label,
  r.stage,
  CAST(r.stage_order AS INT) AS stage_order,
  r.channel,
  CASE WHEN r.channel = '(all)' THEN 'total' ELSE 'channel' END AS breakdown,
  r.channel = '(all)' AS is_total,
  CAST(r.revenue_target AS DECIMAL(18, 2)) AS revenue_target,
  CAST(r.won_to_date AS DECIMAL(18, 2)) AS won_to_date,
  CAST(r.revenue_gap AS DECIMAL(18, 2)) AS revenue_gap,
  CAST(r.channel_needed AS DOUBLE) AS needed_exact,
  CAST(ceil(round(r.channel_needed, 9)) AS BIGINT) AS needed,
  CAST(r.in_hand AS BIGINT) AS in_hand,
  CAST(r.in_hand_amount AS DECIMAL(18, 2)) AS in_hand_amount,
  CAST(r.rate_used AS DOUBLE) AS rate_used,
  CAST(r.lead_share AS DOUBLE) AS lead_share,
  CAST(r.cost_per_lead AS DECIMAL(18, 2)) AS cost_per_lead,
  CAST(r.channel_needed * r.cost_per_lead AS DECIMAL(18, 2)) AS marketing_budget,
  CAST(round(r.days_before_close) AS INT) AS days_before_close,
  date_sub(r.period_start, CAST(round(r.days_before_close) AS INT)) AS needed_from,
  date_sub(r.period_end, CAST(round(r.days_before_close) AS INT)) AS needed_by,
  q.quarter_label AS needed_from_quarter,
  date_sub(r.period_end, CAST(round(r.days_before_close) AS INT)) < ${business_date} AS is_late,
  CAST(r.win_rate AS DOUBLE) AS win_rate,
  CAST(r.average_deal_size AS DECIMAL(18, 2)) AS average_deal_size,
  CAST(r.funnel_share AS DOUBLE) AS funnel_share,
  r.trailing_from,
  r.trailing_to,
  ${business_date} AS as_of_date
FROM plan_rows AS r
LEFT JOIN all_quarters AS q
  ON date_sub(r.period_start, CAST(round(r.days_before_close) AS INT)) BETWEEN q.quarter_start AND q.quarter_end
