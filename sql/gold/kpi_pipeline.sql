-- periods: month, quarter
-- Pipeline and revenue for the ${period}: new-business pipeline created (by creation date, at the
-- creation date's exchange rate; won and lost amounts at the close date's), split
-- marketing-sourced and sales-sourced, and marketing-influenced; deals closed (by close date) with
-- win rate by count and by amount, average deal size and sales cycle; open qualified pipeline at
-- the period's start and pipeline velocity. Rows with '(all)' are totals over that dimension;
-- breakdown names the rows that add up (total, sourcing, source_channel).
WITH periods AS (
  SELECT DISTINCT ${period}_start AS period_start, ${period}_end AS period_end, ${period}_label AS period_label
  FROM gold.dim_calendar
),

opportunities AS (
  SELECT o.*, c.${period}_start AS created_period, k.${period}_start AS closed_period
  FROM gold.fct_opportunities AS o
  INNER JOIN gold.dim_calendar AS c ON c.date = o.created_date
  LEFT JOIN gold.dim_calendar AS k ON k.date = o.closed_date
),

-- the rollups of GROUPING SETS leave sourcing and source_channel NULL: measures names them '(all)'
created AS (
  SELECT
    created_period AS period_start,
    sourcing, source_channel,
    count(*) AS opportunities_created,
    sum(pipeline_amount_reporting) AS pipeline_created,
    count_if(is_marketing_influenced) AS influenced_created,
    sum(CASE WHEN is_marketing_influenced THEN pipeline_amount_reporting END) AS influenced_pipeline
  FROM opportunities
  GROUP BY created_period, GROUPING SETS ((), (sourcing), (sourcing, source_channel))
),

closed AS (
  SELECT
    closed_period AS period_start,
    sourcing, source_channel,
    count_if(is_won) AS won,
    sum(CASE WHEN is_won THEN amount_reporting END) AS won_amount,
    count_if(is_lost) AS lost,
    sum(CASE WHEN is_lost THEN amount_reporting END) AS lost_amount,
    avg(CASE WHEN is_won THEN amount_reporting END) AS average_deal_size,
    percentile(CASE WHEN is_won THEN days_to_close END, 0.5) AS median_sales_cycle_days,
    percentile(CASE WHEN is_won THEN days_lead_to_close END, 0.5) AS median_lead_to_won_days
  FROM opportunities
  WHERE closed_period IS NOT NULL
  GROUP BY closed_period, GROUPING SETS ((), (sourcing), (sourcing, source_channel))
),

open_at_start AS (
  SELECT
    snapshot_date AS period_start,
    sourcing, source_channel,
    count_if(is_qualified) AS open_qualified,
    sum(CASE WHEN is_qualified THEN amount_reporting END) AS open_qualified_amount
  FROM gold.fct_pipeline_snapshots
  GROUP BY snapshot_date, GROUPING SETS ((), (sourcing), (sourcing, source_channel))
),

period_keys AS (
  SELECT period_start, sourcing, source_channel FROM created
  UNION
  SELECT period_start, sourcing, source_channel FROM closed
  UNION
  SELECT o.period_start, o.sourcing, o.source_channel FROM open_at_start AS o
    INNER JOIN periods AS p ON p.period_start = o.period_start
),

measures AS (
  SELECT
    p.period_start,
    p.period_end,
    p.period_label,
    coalesce(k.sourcing, '(all)') AS sourcing,
    coalesce(k.source_channel, '(all)') AS source_channel,
    CAST(coalesce(c.opportunities_created, 0) AS BIGINT) AS opportunities_created,
    CAST(coalesce(c.pipeline_created, 0) AS DECIMAL(18, 2)) AS pipeline_created,
    CAST(coalesce(c.influenced_created, 0) AS BIGINT) AS marketing_influenced_opportunities,
    CAST(coalesce(c.influenced_pipeline, 0) AS DECIMAL(18, 2)) AS marketing_influenced_pipeline,
    CAST(coalesce(w.won, 0) AS BIGINT) AS won,
    CAST(coalesce(w.won_amount, 0) AS DECIMAL(18, 2)) AS won_amount,
    CAST(coalesce(w.lost, 0) AS BIGINT) AS lost,
    CAST(coalesce(w.lost_amount, 0) AS DECIMAL(18, 2)) AS lost_amount,
    CAST(try_divide(w.won, w.won + w.lost) AS DOUBLE) AS win_rate,
    CAST(
      try_divide(coalesce(w.won_amount, 0), coalesce(w.won_amount, 0) + coalesce(w.lost_amount, 0)) AS DOUBLE
    ) AS win_rate_amount,
    CAST(w.average_deal_size AS DECIMAL(18, 2)) AS average_deal_size,
    CAST(w.median_sales_cycle_days AS DOUBLE) AS median_sales_cycle_days,
    CAST(w.median_lead_to_won_days AS DOUBLE) AS median_lead_to_won_days,
    CAST(coalesce(s.open_qualified, 0) AS BIGINT) AS open_qualified_at_start,
    CAST(coalesce(s.open_qualified_amount, 0) AS DECIMAL(18, 2)) AS open_qualified_amount_at_start
  FROM period_keys AS k
  INNER JOIN periods AS p ON p.period_start = k.period_start
  LEFT JOIN created AS c
    ON c.period_start = k.period_start AND c.sourcing <=> k.sourcing AND c.source_channel <=> k.source_channel
  LEFT JOIN closed AS w
    ON w.period_start = k.period_start AND w.sourcing <=> k.sourcing AND w.source_channel <=> k.source_channel
  LEFT JOIN open_at_start AS s
    ON s.period_start = k.period_start AND s.sourcing <=> k.sourcing AND s.source_channel <=> k.source_channel
)

SELECT
  *,
  CAST(try_divide(
    open_qualified_at_start * win_rate * CAST(average_deal_size AS DOUBLE), median_sales_cycle_days
  ) AS DOUBLE) AS pipeline_velocity_per_day,
  CASE
    WHEN sourcing = '(all)' THEN 'total'
    WHEN source_channel = '(all)' THEN 'sourcing'
    ELSE 'source_channel'
  END AS breakdown,
  sourcing = '(all)' AS is_total,
  period_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM measures
