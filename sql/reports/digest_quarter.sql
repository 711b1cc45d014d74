-- The fiscal quarter the digest's week begins in (the week may begin before the calendar's first
-- day, in a warehouse's first week: then the quarter of its first day the calendar has).
SELECT c.week_fiscal_quarter
FROM gold.dim_calendar AS c
WHERE c.date BETWEEN ${week_start} AND ${week_end}
ORDER BY c.date
LIMIT 1
