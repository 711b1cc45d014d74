-- New-business opportunities: opportunities that went through the funnel (they have lifecycle
-- rows), with their outcome as of the business date. Pipeline counts at pipeline_amount_reporting
-- (the creation date's exchange rate), revenue at amount_reporting (the close date's).
CREATE OR REPLACE VIEW new_business AS
SELECT
  o.opportunity_id,
  o.created_at,
  o.amount_reporting,
  o.pipeline_amount_reporting,
  o.is_closed AND o.close_date <= ${business_date} AND o.is_won AS is_won,
  o.is_closed AND o.close_date <= ${business_date} AND NOT o.is_won AS is_lost,
  CASE WHEN o.is_closed AND o.close_date <= ${business_date} THEN o.close_date END AS closed_date
FROM silver_crm_opportunities AS o
WHERE o.opportunity_id IN (
  SELECT record_id FROM silver_crm_lifecycle_history WHERE record_type = 'opportunity'
);
