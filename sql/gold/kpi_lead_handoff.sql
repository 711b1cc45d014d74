-- periods: week, month, quarter
-- The handoff SLA and lead acceptance for the MQLs of the ${period} (by the time they became MQLs):
-- speed to lead (median and 90th percentile hours to the first sales touch), SLA compliance
-- (touched within conf handoff.sla_hours, of the MQLs whose SLA is due by the as-of date),
-- breaches, and lead acceptance and rejection. Rows with '(all)' are totals over that dimension:
-- the whole period, per channel, and per owner; breakdown names them (total, channel, owner), so a
-- sum over the rows of one breakdown counts each MQL once.
SELECT
  c.${period}_start AS period_start,
  c.${period}_end AS period_end,
  c.${period}_label AS period_label,
  c.${period}_fiscal_quarter AS fiscal_quarter,
  coalesce(h.channel, '(all)') AS channel,
  coalesce(h.owner_team, '(all)') AS owner_team,
  coalesce(h.owner_id, '(all)') AS owner_id,
  max(h.owner_name) AS owner_name,
  CAST(count(*) AS BIGINT) AS mqls,
  CAST(count_if(h.acceptance_status = 'accepted') AS BIGINT) AS accepted,
  CAST(count_if(h.acceptance_status = 'rejected') AS BIGINT) AS rejected,
  CAST(count_if(h.acceptance_status = 'recycled') AS BIGINT) AS recycled,
  CAST(count_if(h.acceptance_status = 'pending') AS BIGINT) AS pending,
  CAST(count_if(h.acceptance_status = 'accepted') / count(*) AS DOUBLE) AS acceptance_rate,
  CAST(count_if(h.acceptance_status = 'rejected') / count(*) AS DOUBLE) AS rejection_rate,
  CAST(count(h.first_sales_touch_at) AS BIGINT) AS touched,
  CAST(count_if(h.sla_status = 'within_sla') AS BIGINT) AS touched_within_sla,
  CAST(count_if(h.sla_status = 'late') AS BIGINT) AS touched_late,
  CAST(count_if(h.sla_status = 'untouched_past_sla') AS BIGINT) AS untouched_past_sla,
  CAST(try_divide(
    count_if(h.sla_status = 'within_sla'), count_if(h.sla_status != 'untouched_within_sla')
  ) AS DOUBLE) AS sla_compliance,
  CAST(percentile(h.hours_to_first_touch, 0.5) AS DOUBLE) AS median_hours_to_first_touch,
  CAST(percentile(h.hours_to_first_touch, 0.9) AS DOUBLE) AS p90_hours_to_first_touch,
  CASE
    WHEN grouping(h.channel) = 0 THEN 'channel'
    WHEN grouping(h.owner_id) = 0 THEN 'owner'
    ELSE 'total'
  END AS breakdown,
  grouping(h.channel) = 1 AND grouping(h.owner_id) = 1 AS is_total,
  c.${period}_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM (
  SELECT
    * EXCEPT (owner_id, owner_team),
    coalesce(owner_id, '(unassigned)') AS owner_id,
    coalesce(owner_team, '(unassigned)') AS owner_team
  FROM gold.fct_lead_handoffs
) AS h
INNER JOIN gold.dim_calendar AS c ON c.date = CAST(h.mql_at AS DATE)
GROUP BY
  c.${period}_start, c.${period}_end, c.${period}_label, c.${period}_fiscal_quarter,
  GROUPING SETS ((), (h.channel), (h.owner_team, h.owner_id))
