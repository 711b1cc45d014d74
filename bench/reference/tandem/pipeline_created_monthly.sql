SELECT CAST(period_start AS STRING) AS key, opportunities_created, pipeline_created
FROM gold.kpi_pipeline_monthly
WHERE sourcing = '(all)' AND source_channel = '(all)' AND opportunities_created > 0
