package io.tandem.model;

import static org.apache.spark.sql.functions.not;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.contracts.SourceContract;
import io.tandem.pipeline.StepOutcome;
import io.tandem.privacy.SuppressionList;
import io.tandem.spark.Warehouse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers, for every bronze table, the view {@code latest_<bronze table>}: its rows from extracts
 * dated on or before the business date, one per contract key — the latest version by the contract's
 * {@code version_by} columns, then by extract date, file and record — with deleted records (the
 * contract's {@code deleted_flag}, or a connector's {@code _fivetran_deleted}) removed, and rows of
 * people on the suppression list left out (bronze rows an unfinished erasure has not deleted yet).
 * Staging models read these views, so change-data handling lives here once.
 */
public final class LatestVersions {
  private static final String COUNTS = "_tandem_bronze_versions";
  private static final String ARRIVAL_ORDER =
      "_extract_date DESC, _source_file DESC, _source_record DESC";

  private LatestVersions() {}

  /** Registers the views, for a step that reads bronze outside the conform step. */
  public static void registerViews(
      Warehouse warehouse, List<SourceContract> contracts, LocalDate asOf) {
    registerViews(warehouse, contracts, asOf, BuildWindows.WHOLE);
  }

  /**
   * Registers the views; an object read by window (its contract's {@code window_by}) keeps the rows
   * from its source's window start on, filtered before versions are ranked: the key fixes the day,
   * so every version of a record is in or out together. Returns what each view reads ({@link
   * #read}), by bronze table.
   */
  private static Map<String, String> registerViews(
      Warehouse warehouse, List<SourceContract> contracts, LocalDate asOf, BuildWindows build) {
    SparkSession spark = warehouse.spark();
    Set<String> suppressed = SuppressionList.load(warehouse);
    Map<String, String> reads = new HashMap<>();
    for (SourceContract contract : contracts) {
      String read = read(warehouse, contract, asOf, build);
      reads.put(contract.bronzeTable(), read);
      spark
          .sql(rankedSql(contract, read))
          .createOrReplaceTempView("ranked_" + contract.bronzeTable());
      Dataset<Row> latest =
          spark.sql(
              "SELECT * EXCEPT (_version_rank) FROM ranked_"
                  + contract.bronzeTable()
                  + " WHERE _version_rank = 1 AND NOT ("
                  + deletedCondition(contract)
                  + ")");
      if (!suppressed.isEmpty()) {
        latest = latest.filter(not(SuppressionList.matches(contract, suppressed)));
      }
      latest.createOrReplaceTempView("latest_" + contract.bronzeTable());
    }
    return reads;
  }

  /**
   * Registers the views and returns the bronze rows they read, counting their versions in one query
   * for every table that has rows and read something else at its last count: a count is kept in
   * {@code <warehouse>/_tandem_bronze_versions/<table>.json} with what the view read then ({@code
   * bronzeInputs}, {@link BuiltFrom#bronzeInputs}, and the window start). Planning a scan costs a
   * few Delta jobs per table, and ranking every version of every record is most of a quiet night's
   * conform step.
   */
  static long register(
      Warehouse warehouse,
      List<SourceContract> contracts,
      Map<String, Long> bronzeRows,
      Map<String, String> bronzeInputs,
      LocalDate asOf,
      BuildWindows build,
      StepOutcome outcome) {
    Map<String, String> reads = registerViews(warehouse, contracts, asOf, build);
    Map<String, Map<String, Long>> byTable = new HashMap<>();
    Map<String, String> countedFrom = new HashMap<>();
    for (SourceContract contract : contracts) {
      String table = contract.bronzeTable();
      if (bronzeRows.getOrDefault(table, 1L) == 0) {
        continue;
      }
      // Without what the view reads (no model reads it), the count is made and not kept.
      String read = bronzeInputs.get("bronze." + table);
      String from =
          read == null
              ? ""
              : read
                  + (contract.windowBy() == null
                      ? ""
                      : build.start(contract.source()).map(start -> ", from " + start).orElse(""));
      warehouse
          .readRecord(COUNTS, table, Counted.class)
          .filter(last -> !from.isEmpty() && last.from().equals(from))
          .ifPresentOrElse(
              last -> byTable.put(table, last.versions()), () -> countedFrom.put(table, from));
    }
    String counts =
        contracts.stream()
            .filter(contract -> countedFrom.containsKey(contract.bronzeTable()))
            .map(contract -> countSql(contract, reads.get(contract.bronzeTable())))
            .collect(Collectors.joining(" UNION ALL "));
    List<Row> counted =
        counts.isEmpty() ? List.of() : warehouse.spark().sql(counts).collectAsList();
    for (Row row : counted) {
      Map<String, Long> versions = versions(row.getLong(1), row.getLong(2), row.getLong(3));
      byTable.put(row.getString(0), versions);
      String from = countedFrom.get(row.getString(0));
      if (!from.isEmpty()) {
        warehouse.writeRecord(COUNTS, row.getString(0), new Counted(from, versions));
      }
    }
    Map<String, Object> accounting = new LinkedHashMap<>();
    long rows = 0;
    for (SourceContract contract : contracts) {
      Map<String, Long> versions = byTable.getOrDefault(contract.bronzeTable(), versions(0, 0, 0));
      accounting.put(contract.bronzeTable(), versions);
      rows += versions.get("rows");
    }
    outcome.detail("bronze_versions", accounting);
    return rows;
  }

  /** A bronze table's version counts and what its view read when they were counted. */
  record Counted(
      @JsonProperty(required = true) String from,
      @JsonProperty(required = true) Map<String, Long> versions) {}

  private static Map<String, Long> versions(long rows, long superseded, long deleted) {
    Map<String, Long> versions = new LinkedHashMap<>();
    versions.put("rows", rows);
    versions.put("superseded", superseded);
    versions.put("deleted", deleted);
    versions.put("kept", rows - superseded - deleted);
    return versions;
  }

  /**
   * What a table's view reads: the rows of its bronze table from extracts dated on or before {@code
   * asOf}, from its source's window start on when it is read by window, and of only the landing
   * files that reach the window when they are known (the Parquet row groups that hold only other
   * files' rows are skipped by their statistics, unread).
   */
  private static String read(
      Warehouse warehouse, SourceContract contract, LocalDate asOf, BuildWindows build) {
    return from(
        contract,
        warehouse.queryName("bronze", contract.bronzeTable()),
        asOf,
        contract.windowBy() == null ? Optional.empty() : build.start(contract.source()),
        build.filesReaching(contract.bronzeTable()));
  }

  /** {@code FROM <bronze> WHERE ...}: the rows a view reads, as {@link #read} says. */
  static String from(
      SourceContract contract,
      String bronze,
      LocalDate asOf,
      Optional<LocalDate> windowStart,
      Optional<List<String>> windowFiles) {
    return " FROM "
        + bronze
        + " WHERE _extract_date <= DATE'"
        + asOf
        + "'"
        + windowStart
            .map(
                start -> " AND " + typed(contract, contract.windowBy()) + " >= DATE'" + start + "'")
            .orElse("")
        + windowFiles
            .map(
                files ->
                    files.isEmpty()
                        ? " AND FALSE"
                        : " AND _source_file IN " + Warehouse.inList(files))
            .orElse("");
  }

  /** Every version of the rows {@code from} reads, ranked per key: the latest is rank 1. */
  static String rankedSql(SourceContract contract, String from) {
    return "SELECT *, ROW_NUMBER() OVER (PARTITION BY "
        + key(contract)
        + " ORDER BY "
        + contract.versionBy().stream()
            .map(v -> typed(contract, v) + " DESC NULLS LAST, ")
            .collect(Collectors.joining())
        + ARRIVAL_ORDER
        + ") AS _version_rank"
        + from;
  }

  /**
   * The version counts of {@link #rankedSql} without ranking: the rows, those that are not the
   * latest of their key (rows less keys), and the keys whose latest version is deleted. One
   * aggregation per key, whose partial sums travel instead of every row to a sort: the latest
   * version is the greatest of (versions, arrival), a null version the least, as the ranking's
   * {@code DESC NULLS LAST} orders them.
   */
  static String countSql(SourceContract contract, String from) {
    String latest =
        Stream.concat(
                contract.versionBy().stream().map(v -> typed(contract, v)),
                Stream.of("_extract_date", "_source_file", "_source_record"))
            .collect(Collectors.joining(", ", "struct(", ")"));
    return "SELECT '"
        + contract.bronzeTable()
        + "', CAST(coalesce(sum(versions), 0) AS BIGINT), CAST(coalesce(sum(versions), 0) -"
        + " count(*) AS BIGINT), count_if(latest_deleted) FROM (SELECT count(*) AS versions,"
        + " max_by("
        + deletedCondition(contract)
        + ", "
        + latest
        + ") AS latest_deleted"
        + from
        + " GROUP BY "
        + key(contract)
        + ")";
  }

  private static String key(SourceContract contract) {
    return contract.key().stream().map(k -> typed(contract, k)).collect(Collectors.joining(", "));
  }

  private static String deletedCondition(SourceContract contract) {
    String connector = "coalesce(parse_boolean(_extra['_fivetran_deleted']), false)";
    if (contract.deletedFlag() == null) {
      return connector;
    }
    return "coalesce(parse_boolean(`" + contract.deletedFlag() + "`), false) OR " + connector;
  }

  /** Keys and versions compare as values, so 2026-11-03 and 20261103 are one day. */
  private static String typed(SourceContract contract, String column) {
    String quoted = "`" + column + "`";
    return switch (contract.column(column).type()) {
      case "timestamp" -> "parse_timestamp(" + quoted + ")";
      case "date" -> "parse_date(" + quoted + ")";
      default -> quoted;
    };
  }
}
