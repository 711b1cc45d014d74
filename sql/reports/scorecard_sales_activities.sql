-- The quarter's won deals, those with sales activities in the attribution window, and how many.
SELECT count(*) AS won, count_if(o.sales_touches > 0) AS with_sales_touches, sum(o.sales_touches) AS sales_touches
FROM gold.fct_opportunities AS o
INNER JOIN gold.dim_calendar AS c ON c.date = o.closed_date
WHERE o.is_won AND c.quarter_label = ${quarter}
