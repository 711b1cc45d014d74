-- Deals from Salesforce opportunities or HubSpot deals in one shape, with the amount in the
-- reporting currency (silver.ref_fx_rates) twice: as revenue (amount_reporting, at the rate of conf
-- money.revenue_rate_date: the close date once closed) and as pipeline (pipeline_amount_reporting,
-- at the rate of money.pipeline_rate_date: the creation date, so created pipeline never moves).
-- contact_id is the primary contact (Salesforce contact role, else
-- the contact of the converted lead; HubSpot: the first associated contact).
WITH sf_primary_contact AS (
  SELECT opportunity_id, min_by(contact_id, struct(CASE WHEN is_primary THEN 0 ELSE 1 END, contact_id)) AS contact_id
  FROM silver.stg_salesforce_opportunity_contact_role
  GROUP BY opportunity_id
),

sf_converted_contact AS (
  SELECT converted_opportunity_id AS opportunity_id, min(converted_contact_id) AS contact_id
  FROM silver.stg_salesforce_lead
  WHERE converted_opportunity_id IS NOT NULL
  GROUP BY converted_opportunity_id
),

deals AS (
  SELECT
    o.opportunity_id,
    'salesforce' AS source_system,
    o.account_id,
    coalesce(pc.contact_id, cc.contact_id) AS contact_id,
    o.opportunity_name,
    o.stage_name,
    o.amount,
    o.currency_code,
    o.close_date,
    o.created_at,
    o.is_closed,
    o.is_won,
    o.opportunity_type,
    o.lead_source,
    o.campaign_id,
    o.owner_id,
    o.probability
  FROM silver.stg_salesforce_opportunity AS o
  LEFT JOIN sf_primary_contact AS pc ON pc.opportunity_id = o.opportunity_id
  LEFT JOIN sf_converted_contact AS cc ON cc.opportunity_id = o.opportunity_id

  UNION ALL

  SELECT
    deal_id,
    'hubspot',
    company_id,
    contact_id,
    deal_name,
    deal_stage,
    amount,
    currency_code,
    close_date,
    created_at,
    is_closed,
    is_won,
    CASE lower(deal_type)
      WHEN 'newbusiness' THEN 'New Business'
      WHEN 'existingbusiness' THEN 'Existing Business'
      ELSE deal_type
    END,
    analytics_source,
    CAST(NULL AS STRING),
    owner_id,
    CAST(NULL AS DECIMAL(5, 2))
  FROM silver.stg_hubspot_deals
),

rate_dates AS (
  SELECT
    *,
    CASE
      WHEN '${money.pipeline_rate_date}' = 'close_date' AND is_closed THEN close_date ELSE CAST(created_at AS DATE)
    END
      AS pipeline_rate_date,
    CASE
      WHEN '${money.revenue_rate_date}' = 'close_date' AND is_closed THEN close_date ELSE CAST(created_at AS DATE)
    END
      AS revenue_rate_date
  FROM deals
)

SELECT
  d.* EXCEPT (pipeline_rate_date, revenue_rate_date),
  CAST(
    d.amount * CASE WHEN d.currency_code = '${money.reporting_currency}' THEN 1 ELSE r.rate END
    AS DECIMAL(18, 2)
  ) AS amount_reporting,
  CAST(
    d.amount * CASE WHEN d.currency_code = '${money.reporting_currency}' THEN 1 ELSE p.rate END
    AS DECIMAL(18, 2)
  ) AS pipeline_amount_reporting
FROM rate_dates AS d
LEFT JOIN silver.ref_fx_rates AS r
  ON r.from_currency = d.currency_code AND d.revenue_rate_date >= r.valid_from AND d.revenue_rate_date < r.valid_to
LEFT JOIN silver.ref_fx_rates AS p
  ON p.from_currency = d.currency_code AND d.pipeline_rate_date >= p.valid_from AND d.pipeline_rate_date < p.valid_to
