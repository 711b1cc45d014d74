-- Open pipeline as it stood at the start of every month and quarter, and at the end of the as-of
-- date, rebuilt from opportunity stage and amount history (not from today's values): the stage
-- and amount of each new-business opportunity that was open at that moment. Open qualified
-- pipeline is what stood past the conf pipeline.pre_qualification_stages.
WITH snapshot_dates AS (
  SELECT DISTINCT month_start AS snapshot_date FROM gold.dim_calendar
  UNION
  SELECT DISTINCT quarter_start FROM gold.dim_calendar
  UNION
  SELECT date_add(${business_date}, 1)
),

candidates AS (
  SELECT s.snapshot_date, o.opportunity_id, o.created_at, o.closed_date, o.sourcing, o.source_channel,
    o.stage_name AS current_stage, o.pipeline_amount_reporting AS current_amount
  FROM snapshot_dates AS s
  INNER JOIN gold.fct_opportunities AS o
    ON o.created_at < CAST(s.snapshot_date AS TIMESTAMP)
    AND (o.closed_date IS NULL OR o.closed_date >= s.snapshot_date)
),

history_at AS (
  SELECT
    c.snapshot_date,
    c.opportunity_id,
    max_by(struct(h.stage_name, h.amount, o.currency_code), struct(h.entered_at, h.stage_name, h.amount)) AS state
  FROM candidates AS c
  INNER JOIN silver.crm_opportunity_stage_history AS h
    ON h.opportunity_id = c.opportunity_id AND h.entered_at < CAST(c.snapshot_date AS TIMESTAMP)
  INNER JOIN silver.crm_opportunities AS o ON o.opportunity_id = c.opportunity_id
  GROUP BY c.snapshot_date, c.opportunity_id
),

valued AS (
  SELECT
    c.snapshot_date,
    c.opportunity_id,
    c.sourcing,
    c.source_channel,
    coalesce(h.state.stage_name, c.current_stage) AS stage_name,
    CASE
      WHEN h.state.amount IS NULL THEN c.current_amount
      WHEN h.state.currency_code = '${money.reporting_currency}' THEN h.state.amount
      ELSE CAST(h.state.amount * fx.rate AS DECIMAL(18, 2))
    END AS amount_reporting
  FROM candidates AS c
  LEFT JOIN history_at AS h ON h.snapshot_date = c.snapshot_date AND h.opportunity_id = c.opportunity_id
  LEFT JOIN silver.ref_fx_rates AS fx
    ON fx.from_currency = h.state.currency_code
    AND c.snapshot_date >= fx.valid_from AND c.snapshot_date < fx.valid_to
)

SELECT
  snapshot_date,
  opportunity_id,
  sourcing,
  source_channel,
  stage_name,
  CAST(amount_reporting AS DECIMAL(18, 2)) AS amount_reporting,
  stage_name NOT IN ${pipeline.pre_qualification_stages} AS is_qualified,
  ${business_date} AS as_of_date
FROM valued
