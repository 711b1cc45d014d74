-- HubSpot deals as of the business date, typed, with the first associated contact and company
-- (from the deal's associations: objects with an id from the API, bare ids from a connector;
-- else the deal_contacts and deal_companies tables) and the stage-entry times of
-- the pipeline (hs_date_entered_<stage>, kept in bronze _extra).
WITH deals AS (
  SELECT * FROM latest_raw_hubspot_deals
),

deal_contact_table AS (
  SELECT deal_id, min(contact_id) AS contact_id
  FROM latest_raw_hubspot_deal_contacts
  GROUP BY deal_id
),

deal_company_table AS (
  SELECT deal_id, min(company_id) AS company_id
  FROM latest_raw_hubspot_deal_companies
  GROUP BY deal_id
)

SELECT
  d.id AS deal_id,
  d.dealname AS deal_name,
  CAST(d.amount AS DECIMAL(18, 2)) AS amount,
  upper(coalesce(d.deal_currency_code, '${money.reporting_currency}')) AS currency_code,
  d.dealstage AS deal_stage,
  d.pipeline,
  d.dealtype AS deal_type,
  coalesce(parse_timestamp(d.createdate), parse_timestamp(d.created_at)) AS created_at,
  CAST(parse_timestamp(d.closedate) AS DATE) AS close_date,
  coalesce(parse_boolean(d.hs_is_closed), d.dealstage IN ('closedwon', 'closedlost')) AS is_closed,
  coalesce(parse_boolean(d.hs_is_closed_won), d.dealstage = 'closedwon') AS is_won,
  d.hubspot_owner_id AS owner_id,
  d.hs_analytics_source AS analytics_source,
  coalesce(
    get(from_json(d.contact_ids, 'array<struct<id:string>>'), 0)['id'],
    get(from_json(d.contact_ids, 'array<string>'), 0),
    dc.contact_id
  ) AS contact_id,
  coalesce(
    get(from_json(d.company_ids, 'array<struct<id:string>>'), 0)['id'],
    get(from_json(d.company_ids, 'array<string>'), 0),
    dco.company_id
  ) AS company_id,
  map_filter(
    d._extra,
    (k, v) -> lower(k) LIKE 'propert%hs_date_entered_%' AND v IS NOT NULL
  ) AS stage_entered_raw,
  parse_timestamp(d.updated_at) AS modified_at
FROM deals AS d
LEFT JOIN deal_contact_table AS dc ON dc.deal_id = d.id
LEFT JOIN deal_company_table AS dco ON dco.deal_id = d.id
