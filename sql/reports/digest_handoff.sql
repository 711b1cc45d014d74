-- The week's lead handoff, over every channel and owner.
SELECT h.mqls, h.accepted, h.rejected, h.acceptance_rate, h.sla_compliance, h.median_hours_to_first_touch
FROM gold.kpi_lead_handoff_weekly AS h
WHERE h.period_label = ${week} AND h.channel = '(all)' AND h.owner_id = '(all)'
