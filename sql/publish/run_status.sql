-- How fresh the published numbers are, one row per source, for a dashboard's header: the as-of
-- date, the run that published and when, each source's newest extract and how many days it lags
-- the as-of date, its rejected files, and the quality gate's warnings of the run.
WITH sources AS (
  SELECT
    source,
    max(extract_date) AS newest_extract_date,
    CAST(count_if(status = 'rejected') AS BIGINT) AS rejected_files
  FROM bronze.file_manifest
  WHERE extract_date <= ${business_date}
  GROUP BY source
),

warnings AS (
  SELECT
    CAST(count(*) AS BIGINT) AS quality_warnings,
    concat_ws('\n', sort_array(collect_list(message))) AS quality_warning_messages
  FROM gold.quality_checks
  WHERE status = 'warning'
)

SELECT
  ${business_date} AS as_of_date,
  ${run_id} AS run_id,
  ${published_at} AS published_at,
  s.source,
  s.newest_extract_date,
  datediff(${business_date}, s.newest_extract_date) AS days_behind,
  s.rejected_files,
  w.quality_warnings,
  w.quality_warning_messages
FROM sources AS s
CROSS JOIN warnings AS w
