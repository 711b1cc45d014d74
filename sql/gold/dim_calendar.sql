-- The reporting calendar: every day from the first day in the data to the business date with its
-- week (ISO, Monday to Sunday, unless conf calendar.week_start_day says otherwise), month and fiscal
-- quarter (conf calendar.*). Every periodic KPI takes its periods from
-- here, so weeks, months and quarters mean the same in every table. A week belongs to the month
-- and quarter of its anchor day (conf calendar.week_anchor_day, default Thursday).
-- bounds only: silver.crm_lifecycle_history, silver.ads_daily_performance, silver.crm_opportunities
WITH bounds AS (
  SELECT
    greatest(
      least(
        coalesce((SELECT CAST(min(entered_at) AS DATE) FROM silver.crm_lifecycle_history), ${business_date}),
        coalesce((SELECT min(date) FROM silver.ads_daily_performance), ${business_date}),
        coalesce((SELECT CAST(min(created_at) AS DATE) FROM silver.crm_opportunities), ${business_date})
      ),
      add_months(${business_date}, -240)
    ) AS first_day
),

-- whole weeks, so every week finds its anchor day even when the data starts or the business date
-- falls mid-week (the days outside the range are dropped at the end)
days AS (
  SELECT explode(sequence(
    date_sub(first_day, pmod(weekday(first_day) + 1 - ${calendar.week_start_day}, 7)),
    date_add(date_sub(${business_date}, pmod(weekday(${business_date}) + 1 - ${calendar.week_start_day}, 7)), 6),
    INTERVAL 1 DAY
  )) AS date
  FROM bounds
),

weeks AS (
  SELECT date, date_sub(date, pmod(weekday(date) + 1 - ${calendar.week_start_day}, 7)) AS week_start FROM days
),

fiscal AS (
  SELECT
    date,
    week_start,
    date_add(week_start, pmod(${calendar.week_anchor_day} - ${calendar.week_start_day}, 7)) AS week_anchor,
    pmod(month(date) - ${calendar.fiscal_year_start_month}, 12) AS fiscal_month_offset
  FROM weeks
),

quarters AS (
  SELECT
    date,
    week_start,
    week_anchor,
    add_months(trunc(date, 'MM'), -CAST(pmod(fiscal_month_offset, 3) AS INT)) AS quarter_start,
    year(add_months(trunc(date, 'MM'), 11 - fiscal_month_offset)) AS fiscal_year,
    CAST(floor(fiscal_month_offset / 3) + 1 AS INT) AS fiscal_quarter_number
  FROM fiscal
),

labelled AS (
  SELECT
    *,
    concat(
      CASE WHEN ${calendar.fiscal_year_start_month} = 1 THEN '' ELSE 'FY' END,
      CAST(fiscal_year AS STRING), '-Q', CAST(fiscal_quarter_number AS STRING)
    ) AS quarter_label
  FROM quarters
)

SELECT
  d.date,
  d.week_start,
  date_add(d.week_start, 6) AS week_end,
  -- ISO weeks keep their ISO name; other weeks are numbered like ISO ones, by their anchor day
  CASE
    WHEN ${calendar.week_start_day} = 1 THEN concat(
      CAST(date_part('YEAROFWEEK', d.date) AS STRING), '-W', lpad(CAST(weekofyear(d.date) AS STRING), 2, '0'))
    ELSE concat(
      CAST(year(d.week_anchor) AS STRING),
      '-W',
      lpad(CAST(CAST(ceil(dayofyear(d.week_anchor) / 7.0) AS INT) AS STRING), 2, '0')
    )
  END AS week_label,
  a.quarter_label AS week_fiscal_quarter,
  trunc(d.date, 'MM') AS month_start,
  last_day(d.date) AS month_end,
  date_format(d.date, 'yyyy-MM') AS month_label,
  d.quarter_label AS month_fiscal_quarter,
  d.quarter_start,
  date_sub(add_months(d.quarter_start, 3), 1) AS quarter_end,
  d.quarter_label,
  d.quarter_label AS quarter_fiscal_quarter,
  CAST(d.fiscal_year AS INT) AS fiscal_year,
  d.fiscal_quarter_number
FROM labelled AS d
INNER JOIN labelled AS a ON a.date = d.week_anchor
WHERE d.date BETWEEN (SELECT first_day FROM bounds) AND ${business_date}
