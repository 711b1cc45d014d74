-- The quarter's spend per channel, the largest first.
SELECT e.channel, CAST(e.spend AS DOUBLE) AS spend
FROM gold.kpi_efficiency_quarterly AS e
WHERE e.period_label = ${quarter} AND e.channel != '(all)' AND e.spend > 0
ORDER BY spend DESC
