-- The quarter's campaigns that cost money with the most and the least attributed pipeline per unit
-- of cost, under the scorecard's attribution model (conf campaigns.top_and_bottom of each; a
-- campaign is listed once, among the best when there are few). listed: top or bottom.
WITH ranked AS (
  SELECT
    p.*,
    row_number() OVER (ORDER BY p.pipeline_per_cost DESC, p.campaign_key ASC) AS best,
    count(*) OVER () AS campaigns
  FROM gold.kpi_campaign_performance_quarterly AS p
  WHERE
    p.period_label = ${quarter} AND p.model = '${attribution.scorecard_model}'
    AND p.campaign_system IN ('ad_platform', 'crm') AND p.cost > 0
)

SELECT
  CASE WHEN r.best <= ${campaigns.top_and_bottom} THEN 'top' ELSE 'bottom' END AS listed,
  concat_ws(' · ', r.campaign_name, r.platform, r.channel) AS label,
  format_number(r.cost, 0) AS cost, r.leads, r.opportunities,
  format_number(r.attributed_pipeline, 0) AS pipeline,
  format_number(r.attributed_revenue, 0) AS revenue,
  format_number(r.pipeline_per_cost, 2) AS per_cost,
  coalesce(format_number(r.cost_per_lead, 0), '–') AS cost_per_lead
FROM ranked AS r
WHERE r.best <= ${campaigns.top_and_bottom} OR r.best > r.campaigns - ${campaigns.top_and_bottom}
ORDER BY
  r.best > ${campaigns.top_and_bottom} ASC,
  CASE WHEN r.best <= ${campaigns.top_and_bottom} THEN r.best END ASC,
  r.pipeline_per_cost ASC, r.campaign_key ASC
