-- An open quarter's reverse-funnel plan (gold.kpi_revenue_plan_quarterly): per stage, from won deals
-- back to leads, what is still needed, what is in hand, and by when; empty for a quarter the plan
-- does not cover (a closed one).
SELECT
  CASE p.stage
    WHEN 'won' THEN 'Won deals' WHEN 'opportunity' THEN 'Opportunities' WHEN 'sql' THEN 'SQLs'
    WHEN 'mql' THEN 'MQLs' ELSE 'Leads'
  END AS stage,
  coalesce(CAST(p.needed AS STRING), '–') AS needed,
  coalesce(CAST(p.in_hand AS STRING), '') AS in_hand,
  coalesce(concat(format_number(p.rate_used * 100, 1), ' %'), '') AS rate_used,
  CAST(p.needed_from AS STRING) AS needed_from, CAST(p.needed_by AS STRING) AS needed_by,
  coalesce(p.needed_from_quarter, '') AS needed_from_quarter,
  CASE
    WHEN p.is_late THEN 'late'
    WHEN p.stage = 'lead' THEN concat('budget ', format_number(p.marketing_budget, 0))
    ELSE ''
  END AS note
FROM gold.kpi_revenue_plan_quarterly AS p
WHERE p.is_total AND p.period_label = ${quarter}
ORDER BY p.stage_order DESC
