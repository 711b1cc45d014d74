-- The quarters the scorecard has, oldest first: one page each.
SELECT DISTINCT s.quarter_label, s.quarter_start, s.quarter_end
FROM gold.kpi_alignment_scorecard_quarterly AS s
ORDER BY s.quarter_start
