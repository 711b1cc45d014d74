package io.tandem.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.contracts.SourceContract;
import io.tandem.spark.Warehouse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/**
 * The days the rows of each landing file of a bronze table read by window fall on (its contract's
 * {@code window_by} column): what lets a night read only the files that reach its window. A file's
 * rows change only when the file is delivered again with another checksum, so the days are kept in
 * {@code <warehouse>/_tandem_window_days/<table>.json} by path and checksum: ingest records the
 * days of the files it loads (it counts each file's rows anyway), and files missing from the record
 * (a warehouse ingested before the record existed) are read once, in one query.
 */
public final class FileDays {
  /** Beside the tables: one record per bronze table read by window. */
  private static final String FOLDER = "_tandem_window_days";

  private FileDays() {}

  /**
   * A file's rows: how many bronze holds, and their first and last day ({@code yyyy-MM-dd}; null
   * when no row's day can be read).
   */
  public record Days(
      @JsonProperty(required = true) long rows,
      @JsonProperty("first") String first,
      @JsonProperty("last") String last) {

    /** Whether a row of the file may fall on or after {@code start}. */
    boolean reaches(LocalDate start) {
      return rows > 0 && (last == null || !LocalDate.parse(last).isBefore(start));
    }

    LocalDate firstDay() {
      return first == null ? null : LocalDate.parse(first);
    }
  }

  /** The record of one bronze table: days by {@code <path> <checksum>}. */
  record Kept(@JsonProperty(required = true) Map<String, Days> files) {}

  /** A file's entry in the record: its path and checksum. */
  public static String key(String path, String checksum) {
    return path + " " + checksum;
  }

  /** Adds the days of files just loaded into {@code bronzeTable}, by {@link #key}. */
  public static void remember(Warehouse warehouse, String bronzeTable, Map<String, Days> loaded) {
    Map<String, Days> files = new TreeMap<>(kept(warehouse, bronzeTable));
    files.putAll(loaded);
    warehouse.writeRecord(FOLDER, bronzeTable, new Kept(files));
  }

  /** The record's days of {@code bronzeTable}'s files, by {@link #key}; none when there is none. */
  private static Map<String, Days> kept(Warehouse warehouse, String bronzeTable) {
    return warehouse.readRecord(FOLDER, bronzeTable, Kept.class).map(Kept::files).orElse(Map.of());
  }

  /**
   * For each contract, the days of every file of its object that the manifest lists, by path: kept
   * ones read from the record, the others counted now (and the record rewritten for the manifest as
   * it is).
   */
  static Map<SourceContract, Map<String, Days>> of(
      Warehouse warehouse, List<SourceContract> contracts) {
    Map<SourceContract, Map<String, Days>> days = new HashMap<>();
    if (contracts.isEmpty()) {
      return days;
    }
    List<Row> manifest =
        warehouse
            .read("bronze", BuildWindows.MANIFEST)
            .select("source", "object", "path", "checksum_sha256")
            .collectAsList();
    Map<SourceContract, Map<String, String>> keys = new HashMap<>();
    StringBuilder query = new StringBuilder();
    for (SourceContract contract : contracts) {
      Map<String, String> keyByPath = new TreeMap<>();
      manifest.stream()
          .filter(f -> f.getString(0).equals(contract.source()))
          .filter(f -> f.getString(1).equals(contract.object()))
          .forEach(f -> keyByPath.put(f.getString(2), key(f.getString(2), f.getString(3))));
      keys.put(contract, keyByPath);
      Map<String, Days> kept = kept(warehouse, contract.bronzeTable());
      Map<String, Days> byPath = new TreeMap<>();
      keyByPath.forEach(
          (path, key) -> {
            if (kept.containsKey(key)) {
              byPath.put(path, kept.get(key));
            }
          });
      days.put(contract, byPath);
      List<String> missing =
          keyByPath.keySet().stream().filter(path -> !byPath.containsKey(path)).toList();
      if (!missing.isEmpty() && warehouse.exists("bronze", contract.bronzeTable())) {
        String day = "parse_date(`" + contract.windowBy() + "`)";
        query
            .append(query.isEmpty() ? "" : " UNION ALL ")
            .append("SELECT '")
            .append(contract.bronzeTable())
            .append("', _source_file, count(*), CAST(min(")
            .append(day)
            .append(") AS STRING), CAST(max(")
            .append(day)
            .append(") AS STRING) FROM ")
            .append(warehouse.queryName("bronze", contract.bronzeTable()))
            .append(" WHERE _source_file IN ")
            .append(Warehouse.inList(missing))
            .append(" GROUP BY _source_file");
      }
      // a file with no rows in bronze (rejected, or all quarantined) reaches no window
      missing.forEach(path -> byPath.put(path, new Days(0, null, null)));
    }
    Map<String, SourceContract> byTable =
        contracts.stream().collect(Collectors.toMap(SourceContract::bronzeTable, c -> c));
    if (!query.isEmpty()) {
      for (Row row : warehouse.spark().sql(query.toString()).collectAsList()) {
        days.get(byTable.get(row.getString(0)))
            .put(row.getString(1), new Days(row.getLong(2), row.getString(3), row.getString(4)));
      }
    }
    for (SourceContract contract : contracts) {
      Map<String, Days> byKey = new TreeMap<>();
      keys.get(contract).forEach((path, key) -> byKey.put(key, days.get(contract).get(path)));
      warehouse.writeRecord(FOLDER, contract.bronzeTable(), new Kept(byKey));
    }
    return days;
  }
}
