-- Customer retention per fiscal quarter. A customer is an account from the day its first deal
-- was won until a renewal of it is lost (conf journey.renewal_types). Customer retention rate =
-- (customers at the end − new customers) ÷ customers at the start. Gross and net revenue
-- retention come from the renewal and expansion deals that closed in the quarter: gross = renewed
-- amount ÷ amount up for renewal; net adds won expansion deals (conf pipeline.expansion_types) of
-- customers the quarter started with.
WITH deals AS (
  SELECT
    coalesce(account_id, opportunity_id) AS customer,
    opportunity_type,
    is_won,
    close_date,
    amount_reporting
  FROM silver.crm_opportunities
  WHERE is_closed AND close_date <= ${business_date}
),

customers AS (
  SELECT
    customer,
    min(CASE WHEN is_won THEN close_date END) AS first_won_date,
    min(CASE WHEN NOT is_won AND opportunity_type IN ${journey.renewal_types} THEN close_date END) AS churned_date
  FROM deals
  GROUP BY customer
  HAVING min(CASE WHEN is_won THEN close_date END) IS NOT NULL
),

quarters AS (
  SELECT DISTINCT quarter_start, quarter_end, quarter_label FROM gold.dim_calendar
),

counts AS (
  SELECT
    q.quarter_start,
    count_if(c.first_won_date < q.quarter_start
      AND (c.churned_date IS NULL OR c.churned_date >= q.quarter_start)) AS customers_at_start,
    count_if(c.first_won_date <= least(q.quarter_end, ${business_date})
      AND (c.churned_date IS NULL OR c.churned_date > least(q.quarter_end, ${business_date}))) AS customers_at_end,
    count_if(c.first_won_date BETWEEN q.quarter_start AND q.quarter_end) AS new_customers,
    count_if(c.churned_date BETWEEN q.quarter_start AND q.quarter_end) AS churned_customers
  FROM quarters AS q
  CROSS JOIN customers AS c
  GROUP BY q.quarter_start
),

revenue AS (
  SELECT
    q.quarter_start,
    sum(CASE WHEN d.opportunity_type IN ${journey.renewal_types} THEN d.amount_reporting END) AS renewals_due,
    sum(CASE WHEN d.opportunity_type IN ${journey.renewal_types} AND d.is_won THEN d.amount_reporting END) AS renewed,
    sum(CASE WHEN d.opportunity_type IN ${pipeline.expansion_types} AND d.is_won
      AND c.first_won_date < q.quarter_start THEN d.amount_reporting END) AS expansion
  FROM quarters AS q
  INNER JOIN deals AS d ON d.close_date BETWEEN q.quarter_start AND q.quarter_end
  LEFT JOIN customers AS c ON c.customer = d.customer
  GROUP BY q.quarter_start
)

SELECT
  q.quarter_start AS period_start,
  q.quarter_end AS period_end,
  q.quarter_label AS period_label,
  CAST(coalesce(n.customers_at_start, 0) AS BIGINT) AS customers_at_start,
  CAST(coalesce(n.customers_at_end, 0) AS BIGINT) AS customers_at_end,
  CAST(coalesce(n.new_customers, 0) AS BIGINT) AS new_customers,
  CAST(coalesce(n.churned_customers, 0) AS BIGINT) AS churned_customers,
  CAST(try_divide(n.customers_at_end - n.new_customers, n.customers_at_start) AS DOUBLE) AS customer_retention_rate,
  CAST(coalesce(r.renewals_due, 0) AS DECIMAL(18, 2)) AS renewals_due_amount,
  CAST(coalesce(r.renewed, 0) AS DECIMAL(18, 2)) AS renewed_amount,
  CAST(coalesce(r.expansion, 0) AS DECIMAL(18, 2)) AS expansion_amount,
  CAST(try_divide(coalesce(r.renewed, 0), r.renewals_due) AS DOUBLE) AS gross_revenue_retention,
  CAST(
    try_divide(coalesce(r.renewed, 0) + coalesce(r.expansion, 0), r.renewals_due) AS DOUBLE
  ) AS net_revenue_retention,
  q.quarter_end <= ${business_date} AS is_complete,
  ${business_date} AS as_of_date
FROM quarters AS q
LEFT JOIN counts AS n ON n.quarter_start = q.quarter_start
LEFT JOIN revenue AS r ON r.quarter_start = q.quarter_start
