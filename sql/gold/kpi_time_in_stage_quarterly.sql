-- Time in stage: for the records that entered each stage in the quarter, how long those that
-- moved on took to reach the next stage (median and 90th percentile days), and where records
-- stall: the share that left the funnel at this stage (rejected, recycled, lost) and the share
-- still sitting in it. Skipped stages (backfilled) count as entered but not in the timings.
WITH stages AS (
  SELECT
    r.unit,
    r.unit_id,
    r.exit_type,
    s.stage,
    s.stage_order,
    s.entered_at,
    s.is_backfilled,
    s.next_at
  FROM gold.fct_funnel_records AS r
  LATERAL VIEW stack(
    5,
    'inquiry', 1, r.inquiry_at, FALSE, r.mql_at,
    'mql', 2, r.mql_at, r.is_mql_backfilled, r.sal_at,
    'sal', 3, r.sal_at, r.is_sal_backfilled, r.sql_at,
    'sql', 4, r.sql_at, FALSE, r.opportunity_at,
    'opportunity', 5, CASE WHEN r.unit = 'opportunity' THEN r.opportunity_at END, FALSE,
      coalesce(r.won_at, r.lost_at)
  ) s AS stage, stage_order, entered_at, is_backfilled, next_at
  WHERE s.entered_at IS NOT NULL
),

classified AS (
  SELECT
    *,
    CASE
      WHEN unit = 'opportunity' AND next_at IS NOT NULL AND exit_type = 'lost' THEN 'exited'
      WHEN next_at IS NOT NULL THEN 'advanced'
      WHEN exit_type IS NOT NULL THEN 'exited'
      ELSE 'in_stage'
    END AS outcome,
    CASE
      WHEN next_at IS NOT NULL AND NOT is_backfilled
        THEN (unix_seconds(next_at) - unix_seconds(entered_at)) / 86400.0D
    END AS days_to_next
  FROM stages
)

SELECT
  c.quarter_start AS period_start,
  c.quarter_end AS period_end,
  c.quarter_label AS period_label,
  s.stage,
  CAST(s.stage_order AS INT) AS stage_order,
  s.unit,
  CAST(count(*) AS BIGINT) AS entered,
  CAST(count_if(s.outcome = 'advanced') AS BIGINT) AS advanced,
  CAST(count_if(s.outcome = 'exited') AS BIGINT) AS exited,
  CAST(count_if(s.outcome = 'in_stage') AS BIGINT) AS still_in_stage,
  CAST(count_if(s.outcome = 'exited') / count(*) AS DOUBLE) AS exit_share,
  CAST(count_if(s.outcome = 'in_stage') / count(*) AS DOUBLE) AS in_stage_share,
  CAST(percentile(s.days_to_next, 0.5) AS DOUBLE) AS median_days_to_next,
  CAST(percentile(s.days_to_next, 0.9) AS DOUBLE) AS p90_days_to_next,
  c.quarter_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM classified AS s
INNER JOIN gold.dim_calendar AS c ON c.date = CAST(s.entered_at AS DATE)
GROUP BY 1, 2, 3, 4, 5, 6
