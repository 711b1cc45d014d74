-- Reconciliation: every CRM opportunity appears exactly once as created (or renewed) in the
-- journey. Returns the opportunities that do not.
SELECT o.opportunity_id AS failing_record
FROM silver.crm_opportunities AS o
LEFT JOIN journey.fct_journey_events AS e
  ON e.source_record_id = concat('opportunity:', o.opportunity_id)
  AND e.event_type IN ('opportunity_created', 'renewal')
WHERE o.created_at < date_add(${business_date}, 1)
GROUP BY o.opportunity_id
HAVING count(e.event_type) != 1
