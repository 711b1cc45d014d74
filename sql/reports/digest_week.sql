-- The digest's week: the last complete week of the calendar on the as-of date, else the running one.
SELECT c.week_label, c.week_start, c.week_end
FROM gold.dim_calendar AS c
WHERE c.week_end <= ${as_of} OR c.date = ${as_of}
ORDER BY c.week_end <= ${as_of} DESC, c.date DESC
LIMIT 1
