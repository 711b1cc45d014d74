-- The handoff of every MQL from marketing to sales: when the person became an MQL, when a sales
-- user first touched them after it (a task, event or engagement by a sales-team user, or a change
-- to an accepted status), whether that was within the SLA (conf handoff.sla_hours), and whether
-- sales accepted, rejected or recycled the lead. People who skipped MQL were never handed over
-- and are not here.
WITH mqls AS (
  SELECT *
  FROM gold.fct_funnel_records
  WHERE unit = 'person' AND mql_at IS NOT NULL AND NOT is_mql_backfilled
),

sales_touches AS (
  SELECT m.person_id, min(e.event_at) AS touched_at
  FROM mqls AS m
  INNER JOIN journey.fct_journey_events AS e ON e.person_id = m.person_id
  WHERE e.event_type = 'sales_touch' AND e.event_at >= m.mql_at
  GROUP BY m.person_id
),

handoffs AS (
  SELECT
    m.person_id,
    m.channel,
    m.channel_class,
    m.segment,
    m.owner_id,
    m.owner_name,
    m.owner_team,
    m.mql_at,
    m.mql_at + make_interval(0, 0, 0, 0, ${handoff.sla_hours}) AS sla_due_at,
    nullif(
      least(
        coalesce(t.touched_at, TIMESTAMP '9999-12-31 00:00:00'),
        coalesce(
          CASE WHEN NOT m.is_sal_backfilled AND m.sal_at >= m.mql_at THEN m.sal_at END, TIMESTAMP '9999-12-31 00:00:00'
        )
      ),
      TIMESTAMP '9999-12-31 00:00:00'
    ) AS first_sales_touch_at,
    m.sal_at,
    m.rejected_at,
    m.exit_type,
    m.exit_status
  FROM mqls AS m
  LEFT JOIN sales_touches AS t ON t.person_id = m.person_id
)

SELECT
  person_id,
  channel,
  channel_class,
  segment,
  owner_id,
  owner_name,
  owner_team,
  mql_at,
  sla_due_at,
  first_sales_touch_at,
  CAST((unix_seconds(first_sales_touch_at) - unix_seconds(mql_at)) / 3600.0D AS DOUBLE) AS hours_to_first_touch,
  CASE
    WHEN first_sales_touch_at <= sla_due_at THEN 'within_sla'
    WHEN first_sales_touch_at IS NOT NULL THEN 'late'
    WHEN sla_due_at < CAST(date_add(${business_date}, 1) AS TIMESTAMP) THEN 'untouched_past_sla'
    ELSE 'untouched_within_sla'
  END AS sla_status,
  CASE
    WHEN sal_at IS NOT NULL THEN 'accepted'
    WHEN exit_type = 'rejected' THEN 'rejected'
    WHEN exit_type = 'recycled' THEN 'recycled'
    ELSE 'pending'
  END AS acceptance_status,
  sal_at AS accepted_at,
  rejected_at,
  exit_status AS rejection_reason,
  ${business_date} AS as_of_date
FROM handoffs
