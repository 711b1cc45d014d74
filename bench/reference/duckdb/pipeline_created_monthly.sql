-- New-business opportunities created per calendar month and their amount in the reporting currency
-- (at the creation date's exchange rate).
SELECT
  CAST(date_trunc('month', CAST(created_at AS DATE)) AS DATE)::VARCHAR AS key,
  count(*) AS opportunities_created,
  coalesce(sum(pipeline_amount_reporting), 0) AS pipeline_created
FROM new_business
GROUP BY 1
