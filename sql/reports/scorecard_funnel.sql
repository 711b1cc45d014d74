-- The quarter's funnel: how many entered each stage.
SELECT f.stage, sum(f.entered) AS entered
FROM gold.kpi_funnel_flow_quarterly AS f
WHERE f.period_label = ${quarter}
GROUP BY f.stage, f.stage_order
ORDER BY f.stage_order
