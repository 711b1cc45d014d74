SELECT concat(CAST(period_start AS STRING), '|', stage) AS key, sum(entered) AS entered
FROM gold.kpi_funnel_flow_monthly
GROUP BY 1
