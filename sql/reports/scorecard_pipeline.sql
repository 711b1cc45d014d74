-- The pipeline the quarter created, per source channel, the largest first.
SELECT p.source_channel, CAST(p.pipeline_created AS DOUBLE) AS pipeline_created
FROM gold.kpi_pipeline_quarterly AS p
WHERE p.period_label = ${quarter} AND p.sourcing != '(all)' AND p.source_channel != '(all)'
ORDER BY pipeline_created DESC
