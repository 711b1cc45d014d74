-- The follow-up list for sales ops: every MQL still untouched past its SLA at the as-of date
-- (unless sales already rejected or recycled it), and first touches that came late in the last
-- conf handoff.breach_report_days days, with the owner to chase.
SELECT
  person_id,
  owner_id,
  owner_name,
  owner_team,
  channel,
  segment,
  mql_at,
  sla_due_at,
  first_sales_touch_at,
  CASE WHEN sla_status = 'late' THEN 'late' ELSE 'untouched' END AS breach_type,
  CAST(
    (unix_seconds(coalesce(first_sales_touch_at, CAST(date_add(${business_date}, 1) AS TIMESTAMP))) - unix_seconds(sla_due_at)) / 3600.0D
    AS DOUBLE
  ) AS hours_over_sla,
  ${business_date} AS as_of_date
FROM gold.fct_lead_handoffs
WHERE (sla_status = 'untouched_past_sla' AND acceptance_status = 'pending')
   OR (sla_status = 'late' AND first_sales_touch_at >= CAST(date_sub(${business_date}, ${handoff.breach_report_days} - 1) AS TIMESTAMP))
