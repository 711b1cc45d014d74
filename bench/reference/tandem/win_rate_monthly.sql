SELECT CAST(period_start AS STRING) AS key, won, lost, win_rate
FROM gold.kpi_pipeline_monthly
WHERE sourcing = '(all)' AND source_channel = '(all)' AND won + lost > 0
