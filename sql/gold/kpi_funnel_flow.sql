-- periods: week, month, quarter
-- Funnel flow: how many records entered each funnel stage in the ${period}, by channel and segment.
-- Inquiry, MQL, SAL and SQL count people; Opportunity and Won count new-business opportunities.
-- A record that skipped a stage counts in it at the next stage's time (entered_by_backfill).
WITH entries AS (
  SELECT unit, unit_id, channel, channel_class, segment, stage, stage_order, entered_at, is_backfilled
  FROM gold.fct_funnel_records
  LATERAL VIEW stack(
    6,
    'inquiry', 1, inquiry_at, FALSE,
    'mql', 2, mql_at, is_mql_backfilled,
    'sal', 3, sal_at, is_sal_backfilled,
    'sql', 4, sql_at, FALSE,
    'opportunity', 5, CASE WHEN unit = 'opportunity' THEN opportunity_at END, FALSE,
    'won', 6, CASE WHEN unit = 'opportunity' THEN won_at END, FALSE
  ) s AS stage, stage_order, entered_at, is_backfilled
  WHERE entered_at IS NOT NULL
)

SELECT
  c.${period}_start AS period_start,
  c.${period}_end AS period_end,
  c.${period}_label AS period_label,
  c.${period}_fiscal_quarter AS fiscal_quarter,
  e.stage,
  CAST(e.stage_order AS INT) AS stage_order,
  e.unit,
  e.channel,
  e.channel_class,
  e.segment,
  CAST(count(*) AS BIGINT) AS entered,
  CAST(count_if(e.is_backfilled) AS BIGINT) AS entered_by_backfill,
  c.${period}_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM entries AS e
INNER JOIN gold.dim_calendar AS c ON c.date = CAST(e.entered_at AS DATE)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
