-- The week's pipeline created and revenue won.
SELECT
  count_if(o.created_date BETWEEN ${week_start} AND ${week_end}) AS created,
  coalesce(
    sum(CASE WHEN o.created_date BETWEEN ${week_start} AND ${week_end} THEN o.pipeline_amount_reporting END), 0
  ) AS created_amount,
  count_if(o.is_won AND o.closed_date BETWEEN ${week_start} AND ${week_end}) AS won,
  coalesce(
    sum(CASE WHEN o.is_won AND o.closed_date BETWEEN ${week_start} AND ${week_end} THEN o.amount_reporting END), 0
  ) AS won_amount
FROM gold.fct_opportunities AS o
