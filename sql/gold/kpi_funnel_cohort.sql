-- periods: month, quarter
-- Funnel cohorts: the people who became Inquiries in the ${period}, and how many of them had
-- reached each later stage by the as-of date, with stage-to-stage conversion and leads needed per
-- sale. A stage-to-stage rate counts only the people who really reached the earlier stage; those
-- who skipped MQL or SAL (counted in it at the next stage's time) are their own columns. A cohort
-- younger than conf funnel.cohort_maturation_days after its period ends is not
-- mature: its conversions are still growing, so it is not yet a bad cohort.
WITH cohort AS (
  SELECT
    c.${period}_start AS period_start, c.${period}_end AS period_end,
    c.${period}_label AS period_label, c.${period}_fiscal_quarter AS fiscal_quarter,
    r.channel,
    r.channel_class,
    r.segment,
    CAST(count(*) AS BIGINT) AS inquiries,
    CAST(count(r.mql_at) AS BIGINT) AS mqls,
    CAST(count_if(r.is_mql_backfilled) AS BIGINT) AS mqls_skipped,
    CAST(count(r.sal_at) AS BIGINT) AS sals,
    CAST(count_if(r.is_sal_backfilled) AS BIGINT) AS sals_skipped,
    CAST(count(r.sql_at) AS BIGINT) AS sqls,
    CAST(count(r.opportunity_at) AS BIGINT) AS opportunities,
    CAST(count(r.won_at) AS BIGINT) AS won,
    count_if(r.mql_at IS NOT NULL AND NOT r.is_mql_backfilled) AS real_mqls,
    count_if(r.mql_at IS NOT NULL AND NOT r.is_mql_backfilled AND r.sal_at IS NOT NULL) AS real_mqls_to_sal,
    count_if(r.sal_at IS NOT NULL AND NOT r.is_sal_backfilled) AS real_sals,
    count_if(r.sal_at IS NOT NULL AND NOT r.is_sal_backfilled AND r.sql_at IS NOT NULL) AS real_sals_to_sql
  FROM gold.fct_funnel_records AS r
  INNER JOIN gold.dim_calendar AS c ON c.date = CAST(r.inquiry_at AS DATE)
  WHERE r.unit = 'person'
  GROUP BY 1, 2, 3, 4, 5, 6, 7
)

SELECT
  * EXCEPT (real_mqls, real_mqls_to_sal, real_sals, real_sals_to_sql),
  CAST(try_divide(mqls, inquiries) AS DOUBLE) AS inquiry_to_mql_rate,
  CAST(try_divide(real_mqls_to_sal, real_mqls) AS DOUBLE) AS mql_to_sal_rate,
  CAST(try_divide(real_sals_to_sql, real_sals) AS DOUBLE) AS sal_to_sql_rate,
  CAST(try_divide(opportunities, sqls) AS DOUBLE) AS sql_to_opportunity_rate,
  CAST(try_divide(won, opportunities) AS DOUBLE) AS opportunity_to_won_rate,
  CAST(try_divide(won, inquiries) AS DOUBLE) AS inquiry_to_won_rate,
  CAST(try_divide(inquiries, won) AS DOUBLE) AS leads_per_sale,
  date_add(period_end, ${funnel.cohort_maturation_days}) <= ${business_date} AS is_mature,
  ${business_date} AS as_of_date
FROM cohort
