SELECT concat(CAST(trunc(date, 'MM') AS STRING), '|', channel) AS key, sum(spend) AS spend
FROM gold.kpi_spend_daily
GROUP BY 1
