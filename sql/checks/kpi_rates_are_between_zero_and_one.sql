-- KPI sanity: every rate is a share between 0 and 1 (conversion, acceptance, SLA compliance, win
-- rate, exit share, gross revenue retention). Returns the table, period and rate that are not.
WITH rates AS (
  SELECT 'kpi_funnel_cohort_quarterly' AS kpi, period_label, rate, value
  FROM gold.kpi_funnel_cohort_quarterly
  LATERAL VIEW stack(
    6,
    'inquiry_to_mql_rate', inquiry_to_mql_rate, 'mql_to_sal_rate', mql_to_sal_rate,
    'sal_to_sql_rate', sal_to_sql_rate, 'sql_to_opportunity_rate', sql_to_opportunity_rate,
    'opportunity_to_won_rate', opportunity_to_won_rate, 'inquiry_to_won_rate', inquiry_to_won_rate
  ) r AS rate, value
  UNION ALL
  SELECT 'kpi_lead_handoff_quarterly', period_label, rate, value
  FROM gold.kpi_lead_handoff_quarterly
  LATERAL VIEW stack(
    3, 'acceptance_rate', acceptance_rate, 'rejection_rate', rejection_rate, 'sla_compliance', sla_compliance
  ) r AS rate, value
  UNION ALL
  SELECT 'kpi_pipeline_quarterly', period_label, rate, value
  FROM gold.kpi_pipeline_quarterly
  LATERAL VIEW stack(2, 'win_rate', win_rate, 'win_rate_amount', win_rate_amount) r AS rate, value
  UNION ALL
  SELECT 'kpi_time_in_stage_quarterly', period_label, rate, value
  FROM gold.kpi_time_in_stage_quarterly
  LATERAL VIEW stack(2, 'exit_share', exit_share, 'in_stage_share', in_stage_share) r AS rate, value
  UNION ALL
  SELECT 'kpi_customer_retention_quarterly', period_label, 'gross_revenue_retention', gross_revenue_retention
  FROM gold.kpi_customer_retention_quarterly
)

SELECT concat(kpi, ' ', period_label, ' ', rate, ' = ', CAST(value AS STRING)) AS failing_record
FROM rates
WHERE value < 0 OR value > 1
