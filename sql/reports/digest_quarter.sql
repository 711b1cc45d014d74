-- The fiscal quarter the digest's week begins in.
SELECT c.week_fiscal_quarter
FROM gold.dim_calendar AS c
WHERE c.date = ${week_start}
