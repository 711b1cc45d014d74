package io.tandem.ingest;

import static org.apache.spark.sql.functions.col;

import io.tandem.config.Definitions;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.model.Lineage;
import io.tandem.spark.Warehouse;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;

/**
 * The extract files rejected whole (as of the business date) and the gold tables they feed: by
 * default those tables stay at their last published version until the files are replaced, and
 * everything else publishes ({@code quality.rejected_files: hold}); {@code block} stops the whole
 * publish instead.
 */
public record RejectedFiles(List<String> paths, Set<String> objects, Set<String> staleGoldTables) {
  /** True unless conf says a rejected file blocks the whole publish. */
  public static boolean holdOnly(Definitions definitions) {
    return !"block".equals(definitions.get("quality.rejected_files"));
  }

  public static RejectedFiles asOf(
      Warehouse warehouse, TandemSettings settings, LocalDate businessDate) {
    List<Row> rejected =
        warehouse
            .read("bronze", "file_manifest")
            .filter(col("status").equalTo("rejected"))
            .filter(col("extract_date").leq(Date.valueOf(businessDate)))
            .select("path", "source", "object")
            .orderBy("path")
            .collectAsList();
    if (rejected.isEmpty()) {
      return new RejectedFiles(List.of(), Set.of(), Set.of());
    }
    Set<String> objects = new TreeSet<>();
    Set<String> bronzeTables = new TreeSet<>();
    for (SourceContract contract : SourceContract.loadAll(settings.schemasPath())) {
      for (Row file : rejected) {
        if (contract.source().equals(file.getString(1))
            && contract.object().equals(file.getString(2))) {
          objects.add(contract.displayName());
          bronzeTables.add("bronze." + contract.bronzeTable());
        }
      }
    }
    Set<String> stale = new TreeSet<>();
    for (String table : Lineage.of(settings.sqlPath()).downstreamOf(bronzeTables)) {
      if (table.startsWith("gold.")) {
        stale.add(table.substring("gold.".length()));
      }
    }
    return new RejectedFiles(rejected.stream().map(r -> r.getString(0)).toList(), objects, stale);
  }

  public boolean any() {
    return !paths.isEmpty();
  }
}
