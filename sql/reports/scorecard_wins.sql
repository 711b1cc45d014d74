-- The quarter's largest wins.
SELECT
  w.rank, w.account_name, w.owner_name, CAST(w.amount_reporting AS DOUBLE) AS amount_reporting,
  w.days_to_close, w.sourcing, w.journey_path, w.sales_touches
FROM gold.rpt_quarter_wins AS w
WHERE w.quarter_label = ${quarter}
ORDER BY w.rank
