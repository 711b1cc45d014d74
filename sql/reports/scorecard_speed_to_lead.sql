-- The median hours from MQL to first sales touch, week by week in the quarter.
SELECT h.period_label, h.median_hours_to_first_touch
FROM gold.kpi_lead_handoff_weekly AS h
WHERE
  h.fiscal_quarter = ${quarter} AND h.channel = '(all)' AND h.owner_id = '(all)'
  AND h.median_hours_to_first_touch IS NOT NULL
ORDER BY h.period_start
