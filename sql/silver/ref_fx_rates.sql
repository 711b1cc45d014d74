-- Exchange rates to the reporting currency from conf/fx_rates.csv, as validity ranges: a rate
-- applies from its date until the next rate of the same currency. An amount on day D converts
-- with the range that contains D.
SELECT
  upper(from_currency) AS from_currency,
  CAST(rate_date AS DATE) AS valid_from,
  coalesce(
    lead(CAST(rate_date AS DATE)) OVER (PARTITION BY upper(from_currency) ORDER BY CAST(rate_date AS DATE)),
    DATE '9999-12-31'
  ) AS valid_to,
  CAST(rate AS DECIMAL(18, 8)) AS rate
FROM conf_fx_rates
WHERE upper(to_currency) = '${money.reporting_currency}'
