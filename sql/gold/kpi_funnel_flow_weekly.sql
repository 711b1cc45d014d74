-- Funnel flow by ISO week: how many records entered each stage in the week, by channel and
-- segment. Leads count as people (Inquiry → SQL); opportunities count as opportunities.
SELECT
  CAST(date_trunc('WEEK', entered_at) AS DATE) AS week_start,
  concat(
    CAST(extract(YEAROFWEEK FROM entered_at) AS STRING), '-W',
    lpad(CAST(weekofyear(entered_at) AS STRING), 2, '0')
  ) AS iso_week,
  stage,
  stage_order,
  record_type AS unit,
  channel,
  channel_class,
  segment,
  CAST(count(DISTINCT record_id) AS BIGINT) AS entered,
  CAST(count(DISTINCT CASE WHEN is_backfilled THEN record_id END) AS BIGINT) AS entered_by_backfill,
  ${business_date} AS as_of_date
FROM silver.crm_lifecycle_history
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
