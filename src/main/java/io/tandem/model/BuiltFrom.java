package io.tandem.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.config.DefinitionsVersion;
import io.tandem.contracts.SourceContract;
import io.tandem.privacy.SuppressionList;
import io.tandem.spark.Warehouse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * What a model's table was last built from: the table version that build wrote, the rules, models,
 * contracts and code it was built with ({@link BuildState#fingerprint}), its query as a full build
 * runs it, and the version of every table it read. Models are pure functions of these, so a run
 * that finds them all the same finds the table as it would write it, and writes nothing.
 *
 * <p>Kept in {@code <warehouse>/_tandem_models/<layer>.<table>.json}, written after the table's
 * commit: a run that dies between the two leaves an older record, which no longer names the table's
 * version, and the model is built again.
 */
public record BuiltFrom(
    @JsonProperty(value = "table_version", required = true) String tableVersion,
    @JsonProperty(required = true) String definitions,
    @JsonProperty(required = true) String query,
    @JsonProperty(required = true) Map<String, String> inputs) {
  static final String FOLDER = "_tandem_models";

  /** What a model is about to be built from; its table version is known once it is written. */
  static BuiltFrom of(String definitions, String query, Map<String, String> inputs) {
    return new BuiltFrom(
        null, definitions, DefinitionsVersion.sha256(query), new TreeMap<>(inputs));
  }

  BuiltFrom writing(String tableVersion) {
    return new BuiltFrom(tableVersion, definitions, query, inputs);
  }

  /** Whether the table, now at {@code tableVersion}, is what building from {@code next} writes. */
  boolean alreadyBuilt(BuiltFrom next, String currentTableVersion) {
    return tableVersion.equals(currentTableVersion)
        && definitions.equals(next.definitions)
        && query.equals(next.query)
        && inputs.equals(next.inputs);
  }

  static Optional<BuiltFrom> read(Warehouse warehouse, String qualifiedName) {
    return warehouse.readRecord(FOLDER, qualifiedName, BuiltFrom.class);
  }

  void write(Warehouse warehouse, String qualifiedName) {
    warehouse.writeRecord(FOLDER, qualifiedName, this);
  }

  /**
   * What each {@code latest_<bronze table>} view holds, by {@code bronze.<table>}: the bronze
   * table's version, the last extract date it keeps (the business date, or the last date ingested
   * when that is earlier) and the suppression list's version.
   */
  static Map<String, String> bronzeInputs(
      Warehouse warehouse, List<SourceContract> contracts, LocalDate asOf) {
    Map<String, LocalDate> lastExtract = new HashMap<>();
    if (warehouse.exists("bronze", BuildWindows.MANIFEST)) {
      for (Row row :
          warehouse
              .read("bronze", BuildWindows.MANIFEST)
              .groupBy("source", "object")
              .agg(org.apache.spark.sql.functions.max("extract_date"))
              .collectAsList()) {
        lastExtract.put(row.getString(0) + "/" + row.getString(1), row.getDate(2).toLocalDate());
      }
    }
    String suppression = warehouse.versionId(SuppressionList.LAYER, SuppressionList.TABLE);
    Map<String, String> inputs = new TreeMap<>();
    for (SourceContract contract : contracts) {
      LocalDate last = lastExtract.get(contract.source() + "/" + contract.object());
      String upTo =
          last == null ? "nothing" : last.isAfter(asOf) ? asOf.toString() : last.toString();
      inputs.put(
          "bronze." + contract.bronzeTable(),
          warehouse.versionId("bronze", contract.bronzeTable())
              + " up to "
              + upTo
              + ", suppression list "
              + suppression);
    }
    return inputs;
  }
}
