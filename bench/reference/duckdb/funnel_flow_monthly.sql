-- Records entering each funnel stage per calendar month (UTC): a stitched person counts once per
-- stage, at the first time any of their CRM records entered it; opportunities and wins count
-- new-business opportunities.
WITH person_stages AS (
  SELECT coalesce(i.person_id, 'crm:' || l.person_id) AS unit_id, l.stage, min(l.entered_at) AS entered_at
  FROM silver_crm_lifecycle_history AS l
  LEFT JOIN journey_int_identity_graph AS i ON i.identifier = 'crm:' || l.person_id
  WHERE l.record_type = 'person' AND l.stage IN ('inquiry', 'mql', 'sal', 'sql')
  GROUP BY ALL
),

opportunity_stages AS (
  SELECT l.record_id AS unit_id, l.stage, min(l.entered_at) AS entered_at
  FROM silver_crm_lifecycle_history AS l
  INNER JOIN new_business AS o ON o.opportunity_id = l.record_id
  WHERE l.record_type = 'opportunity' AND l.stage IN ('opportunity', 'won')
  GROUP BY ALL
),

entries AS (
  SELECT * FROM person_stages
  UNION ALL
  SELECT * FROM opportunity_stages
)

SELECT
  CAST(date_trunc('month', CAST(entered_at AS DATE)) AS DATE)::VARCHAR || '|' || stage AS key,
  count(*) AS entered
FROM entries
GROUP BY 1
