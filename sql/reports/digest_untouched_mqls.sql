-- MQLs no salesperson has touched within the SLA, in the order to chase them.
SELECT
  CAST(b.chase_rank AS STRING) AS chase_rank,
  coalesce(b.owner_name, b.owner_id, '(unassigned)') AS owner,
  concat_ws(' · ', b.record_name, b.crm_record_id) AS record, b.record_url,
  b.channel, CAST(b.mql_at AS STRING) AS mql_at, round(b.hours_over_sla, 1) AS hours_over_sla
FROM gold.rpt_sla_breaches AS b
WHERE b.breach_type = 'untouched'
ORDER BY b.chase_rank
