-- Deals from Salesforce opportunities or HubSpot deals in one shape, with the amount in the
-- reporting currency: converted at the rate of the close date once closed, else of the creation
-- date (silver.ref_fx_rates). contact_id is the primary contact (Salesforce contact role, else
-- the contact of the converted lead; HubSpot: the first associated contact).
WITH sf_primary_contact AS (
  SELECT opportunity_id, min_by(contact_id, CASE WHEN is_primary THEN 0 ELSE 1 END) AS contact_id
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
)

SELECT
  d.*,
  CAST(
    d.amount * CASE WHEN d.currency_code = '${money.reporting_currency}' THEN 1 ELSE fx.rate END
    AS DECIMAL(18, 2)
  ) AS amount_reporting
FROM deals AS d
LEFT JOIN silver.ref_fx_rates AS fx
  ON fx.from_currency = d.currency_code
  AND CASE WHEN d.is_closed THEN d.close_date ELSE CAST(d.created_at AS DATE) END >= fx.valid_from
  AND CASE WHEN d.is_closed THEN d.close_date ELSE CAST(d.created_at AS DATE) END < fx.valid_to
