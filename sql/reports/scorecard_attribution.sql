-- Each channel's won revenue, and its share of it, under each attribution model.
SELECT
  a.channel, a.model, CAST(a.attributed_revenue AS DOUBLE) AS attributed_revenue,
  CAST(a.attributed_revenue AS DOUBLE)
  / nullif(sum(CAST(a.attributed_revenue AS DOUBLE)) OVER (PARTITION BY a.model), 0) AS revenue_share
FROM gold.kpi_attribution_quarterly AS a
WHERE a.period_label = ${quarter}
ORDER BY a.channel
