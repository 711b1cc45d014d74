-- Salesforce accounts as of the business date, typed.
SELECT
  id AS account_id,
  name AS account_name,
  type AS account_type,
  industry,
  website,
  billing_country AS country,
  parse_long(number_of_employees) AS employees,
  parse_timestamp(created_date) AS created_at
FROM latest_raw_salesforce_account
