-- Deals won and lost per calendar month of their close date, and the win rate by count.
SELECT
  CAST(date_trunc('month', closed_date) AS DATE)::VARCHAR AS key,
  count(*) FILTER (WHERE is_won) AS won,
  count(*) FILTER (WHERE is_lost) AS lost,
  (count(*) FILTER (WHERE is_won)) / count(*) AS win_rate
FROM new_business
WHERE closed_date IS NOT NULL
GROUP BY 1
