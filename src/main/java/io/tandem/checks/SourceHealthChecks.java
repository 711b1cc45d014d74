package io.tandem.checks;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tandem.config.Definitions;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Checks of the extracts themselves, read from {@code bronze.file_manifest}: is each source fresh
 * (its newest extract recent enough for its cadence), and does each object's newest extract carry
 * about as many rows as the ones before it. Pure functions of the manifest, the business date and
 * the rules of {@code quality.freshness} and {@code quality.volume} in conf/definitions.yml.
 */
final class SourceHealthChecks {
  private SourceHealthChecks() {}

  /**
   * Per source that has delivered an extract dated on or before {@code businessDate}: days since
   * its newest one. A warning past {@code quality.freshness.warn_after_days.<source>} (or {@code
   * .default}), a failure past {@code fail_after_days} where set.
   */
  static List<CheckResult> freshness(
      Dataset<Row> manifest, LocalDate businessDate, Definitions definitions) {
    List<CheckResult> results = new ArrayList<>();
    for (Row source :
        manifest
            .filter(col("extract_date").leq(java.sql.Date.valueOf(businessDate)))
            .groupBy("source")
            .agg(max("extract_date").as("newest"))
            .orderBy("source")
            .collectAsList()) {
      String name = source.getString(0);
      LocalDate newest = source.getDate(1).toLocalDate();
      long age = ChronoUnit.DAYS.between(newest, businessDate);
      Long failAfter = perSource(definitions, "quality.freshness.fail_after_days", name);
      Long warnAfter = perSource(definitions, "quality.freshness.warn_after_days", name);
      CheckResult.Status status =
          failAfter != null && age > failAfter
              ? CheckResult.Status.FAILED
              : warnAfter != null && age > warnAfter
                  ? CheckResult.Status.WARNING
                  : CheckResult.Status.PASSED;
      String limit = status == CheckResult.Status.FAILED ? "fail_after_days" : "warn_after_days";
      results.add(
          new CheckResult(
              name + " freshness",
              status,
              name
                  + ": newest extract is dated "
                  + newest
                  + ", "
                  + age
                  + " day(s) before the business date "
                  + businessDate
                  + (status == CheckResult.Status.PASSED
                      ? ""
                      : ", more than quality.freshness."
                          + limit
                          + " = "
                          + (status == CheckResult.Status.FAILED ? failAfter : warnAfter)
                          + "; check the connector that writes landing/"
                          + name
                          + "/")));
    }
    return results;
  }

  /**
   * Per source object: rows read from its newest extract date against the average of the {@code
   * quality.volume.trailing_extracts} extract dates before it. Checked where at least three earlier
   * extracts exist and their average reaches {@code min_average_rows}; fails below {@code
   * min_share} of the average or above {@code max_multiple} of it.
   */
  static List<CheckResult> volume(
      Dataset<Row> manifest, LocalDate businessDate, Definitions definitions) {
    int trailing = definitions.integer("quality.volume.trailing_extracts");
    double minAverage = definitions.number("quality.volume.min_average_rows");
    double minShare = definitions.number("quality.volume.min_share");
    double maxMultiple = definitions.number("quality.volume.max_multiple");
    WindowSpec newestFirst =
        Window.partitionBy("source", "object").orderBy(col("extract_date").desc());
    List<CheckResult> results = new ArrayList<>();
    for (Row object :
        manifest
            .filter(col("extract_date").leq(java.sql.Date.valueOf(businessDate)))
            .groupBy("source", "object", "extract_date")
            .agg(sum("rows_read").as("rows"))
            .withColumn("rank", row_number().over(newestFirst))
            .filter(col("rank").leq(trailing + 1))
            .groupBy("source", "object")
            .agg(
                max(when(col("rank").equalTo(1), col("extract_date"))).as("newest"),
                sum(when(col("rank").equalTo(1), col("rows"))).as("newest_rows"),
                avg(when(col("rank").gt(1), col("rows"))).as("average"),
                count(when(col("rank").gt(1), 1)).as("earlier"))
            .orderBy("source", "object")
            .collectAsList()) {
      String name = object.getString(0) + "/" + object.getString(1);
      long earlier = object.getLong(5);
      if (earlier < 3 || object.isNullAt(4) || object.getDouble(4) < minAverage) {
        continue;
      }
      long rows = object.getLong(3);
      double average = object.getDouble(4);
      boolean tooFew = rows < minShare * average;
      boolean tooMany = rows > maxMultiple * average;
      results.add(
          new CheckResult(
              name + " volume",
              tooFew || tooMany ? CheckResult.Status.FAILED : CheckResult.Status.PASSED,
              name
                  + ": the extract of "
                  + object.getDate(2)
                  + " has "
                  + rows
                  + " row(s) against an average of "
                  + Math.round(average)
                  + " over the "
                  + earlier
                  + " extract(s) before it"
                  + (tooFew
                      ? ", less than quality.volume.min_share = " + minShare + " of it"
                      : tooMany
                          ? ", more than quality.volume.max_multiple = " + maxMultiple + " times it"
                          : "")
                  + (tooFew || tooMany
                      ? "; check the extract (a partial export, a changed filter, a replayed"
                          + " history) before publishing"
                      : "")));
    }
    return results;
  }

  private static Long perSource(Definitions definitions, String rule, String source) {
    String value = definitions.get(rule + "." + source);
    if (value == null) {
      value = definitions.get(rule + ".default");
    }
    return value == null || value.isBlank() || value.equals("null") ? null : Long.valueOf(value);
  }
}
