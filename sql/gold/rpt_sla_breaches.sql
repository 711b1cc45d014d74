-- The follow-up list for sales ops: every MQL still untouched past its SLA at the as-of date
-- (unless sales already rejected or recycled it) — the ones to chase, longest overdue first — and,
-- apart from them, first touches that came late in the last conf handoff.breach_report_days days
-- (already touched: for coaching, not chasing). Each names the CRM record, links to it, and the
-- owner.
WITH breaches AS (
  SELECT
    h.person_id,
    r.crm_record_id,
    r.record_name,
    r.record_url,
    h.owner_id,
    h.owner_name,
    h.owner_team,
    h.channel,
    h.segment,
    h.mql_at,
    h.sla_due_at,
    h.first_sales_touch_at,
    CASE WHEN h.sla_status = 'late' THEN 'touched_late' ELSE 'untouched' END AS breach_type,
    CAST(
      (unix_seconds(coalesce(h.first_sales_touch_at, CAST(date_add(${business_date}, 1) AS TIMESTAMP)))
        - unix_seconds(h.sla_due_at)) / 3600.0D
      AS DOUBLE
    ) AS hours_over_sla
  FROM gold.fct_lead_handoffs AS h
  LEFT JOIN gold.fct_funnel_records AS r ON r.unit = 'person' AND r.unit_id = h.person_id
  WHERE (h.sla_status = 'untouched_past_sla' AND h.acceptance_status = 'pending')
     OR (h.sla_status = 'late'
       AND h.first_sales_touch_at >= CAST(date_sub(${business_date}, ${handoff.breach_report_days} - 1) AS TIMESTAMP))
)

SELECT
  *,
  CAST(row_number() OVER (
    PARTITION BY breach_type ORDER BY hours_over_sla DESC, mql_at ASC, person_id ASC
  ) AS INT) AS chase_rank,
  ${business_date} AS as_of_date
FROM breaches
