-- The week's won deals, the largest first.
SELECT
  concat_ws(' · ', coalesce(o.opportunity_name, o.opportunity_id), o.opportunity_id) AS deal, o.record_url,
  coalesce(o.owner_name, o.owner_id) AS owner, format_number(o.amount_reporting, 0) AS amount,
  o.sourcing, o.source_channel
FROM gold.fct_opportunities AS o
WHERE o.is_won AND o.closed_date BETWEEN ${week_start} AND ${week_end}
ORDER BY o.amount_reporting DESC, o.opportunity_id ASC
