-- Why sales turned MQLs back: the MQLs of the quarter that sales rejected or recycled, by the
-- status that did it (the reason both teams review when they tune the MQL rule).
SELECT
  c.quarter_start AS period_start,
  c.quarter_label AS period_label,
  h.channel,
  h.acceptance_status AS outcome,
  coalesce(h.rejection_reason, '(no reason)') AS reason,
  CAST(count(*) AS BIGINT) AS leads,
  CAST(count(*) / sum(count(*)) OVER (PARTITION BY c.quarter_start, h.channel) AS DOUBLE) AS share_of_channel_returns,
  ${business_date} AS as_of_date
FROM gold.fct_lead_handoffs AS h
INNER JOIN gold.dim_calendar AS c ON c.date = CAST(h.mql_at AS DATE)
WHERE h.acceptance_status IN ('rejected', 'recycled')
GROUP BY 1, 2, 3, 4, 5
