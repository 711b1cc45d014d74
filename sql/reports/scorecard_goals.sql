-- The quarter's goals as signed (the first version signed; an open quarter's only version), and,
-- where a later version of the definitions gives another actual, that restated actual.
WITH versions AS (
  SELECT
    *,
    dense_rank() OVER (ORDER BY signed_on ASC NULLS LAST, signing ASC NULLS FIRST, definitions_version ASC) AS n
  FROM gold.kpi_alignment_scorecard_quarterly
  WHERE quarter_label = ${quarter}
)

SELECT
  s.goal, s.label, s.owner, s.horizon, s.unit, s.target, s.actual, s.attainment, s.status,
  s.change_vs_last_quarter, s.trailing_four_quarter_average, s.better, s.signed_on, s.definitions_version,
  c.definitions_version AS current_version, c.actual AS current_actual
FROM versions AS s
LEFT JOIN versions AS c
  ON c.goal = s.goal AND c.is_current_version AND c.definitions_version != s.definitions_version
WHERE s.n = 1
ORDER BY s.display_order
