-- The quarter's wins to celebrate: the conf scorecard.top_wins largest new-business deals won in
-- each fiscal quarter, with the account, owner, cycle and the journey that produced them (the
-- channels of their touchpoints in the attribution window, in order, and the sales activities
-- beside them).
WITH paths AS (
  SELECT
    opportunity_id,
    array_join(
      transform(array_sort(collect_list(struct(position, channel))), x -> x.channel), ' → '
    ) AS journey_path,
    CAST(count(*) AS INT) AS touches
  FROM journey.fct_opportunity_touchpoints
  WHERE is_attribution_touch
  GROUP BY opportunity_id
),

ranked AS (
  SELECT
    c.quarter_label,
    c.quarter_start,
    o.*,
    row_number() OVER (PARTITION BY c.quarter_start ORDER BY o.amount_reporting DESC, o.opportunity_id ASC) AS rank
  FROM gold.fct_opportunities AS o
  INNER JOIN gold.dim_calendar AS c ON c.date = o.closed_date
  WHERE o.is_won
)

SELECT
  r.quarter_label,
  r.quarter_start,
  CAST(r.rank AS INT) AS rank,
  r.opportunity_id,
  r.opportunity_name,
  r.record_url,
  a.account_name,
  r.owner_name,
  r.amount_reporting,
  r.closed_date,
  r.days_to_close,
  r.sourcing,
  r.source_channel,
  coalesce(p.journey_path, '(no recorded touches)') AS journey_path,
  coalesce(p.touches, 0) AS touches,
  r.sales_touches,
  ${business_date} AS as_of_date
FROM ranked AS r
LEFT JOIN paths AS p ON p.opportunity_id = r.opportunity_id
LEFT JOIN silver.crm_accounts AS a ON a.account_id = r.account_id
WHERE r.rank <= ${scorecard.top_wins}
