-- MQLs touched after the SLA ran out.
SELECT
  coalesce(b.owner_name, b.owner_id, '(unassigned)') AS owner,
  concat_ws(' · ', b.record_name, b.crm_record_id) AS record, b.record_url,
  b.channel, CAST(b.mql_at AS STRING) AS mql_at, CAST(b.first_sales_touch_at AS STRING) AS first_touch_at,
  round(b.hours_over_sla, 1) AS hours_over_sla
FROM gold.rpt_sla_breaches AS b
WHERE b.breach_type = 'touched_late'
ORDER BY b.chase_rank
