-- Records stalled in a stage past its limit, the longest overdue first.
SELECT
  coalesce(s.owner_name, s.owner_id, '(unassigned)') AS owner, s.record_type,
  concat_ws(' · ', s.record_name, s.crm_record_id) AS record, s.record_url,
  s.stage, s.days_in_stage, s.limit_days
FROM gold.rpt_stalled_records AS s
ORDER BY s.days_in_stage - s.limit_days DESC, s.crm_record_id ASC
