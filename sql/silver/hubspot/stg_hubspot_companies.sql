-- HubSpot companies as of the business date, typed.
SELECT
  id AS company_id,
  name AS company_name,
  domain,
  industry,
  country,
  lifecyclestage AS lifecycle_stage,
  parse_long(numberofemployees) AS employees,
  coalesce(parse_timestamp(createdate), parse_timestamp(created_at)) AS created_at
FROM latest_raw_hubspot_companies
