-- Companies the CRM knows, from Salesforce accounts or HubSpot companies, in one shape.
SELECT
  account_id,
  'salesforce' AS source_system,
  account_name,
  account_type,
  industry,
  website AS domain,
  country,
  employees,
  created_at
FROM silver.stg_salesforce_account

UNION ALL

SELECT
  company_id,
  'hubspot',
  company_name,
  lifecycle_stage,
  industry,
  domain,
  country,
  employees,
  created_at
FROM silver.stg_hubspot_companies
