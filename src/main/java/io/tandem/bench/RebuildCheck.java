package io.tandem.bench;

import io.tandem.spark.Warehouse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.MapType;

/**
 * Compares every table of silver, journey and gold as the incremental nightly run left it with the
 * same table after a full rebuild of the same date, row for row and column for column (lineage
 * columns, whose names start with {@code _}, aside). Delta keeps both versions, so nothing is
 * copied.
 */
final class RebuildCheck {
  private static final List<String> LAYERS = List.of("silver", "journey", "gold");

  /** How many tables were compared, and those that differ (or exist on one side only). */
  record Result(int tables, List<String> differing) {
    boolean equal() {
      return differing.isEmpty();
    }
  }

  private RebuildCheck() {}

  /** Each table's version now, by {@code layer.table}: what the incremental run left. */
  static Map<String, Long> versions(Warehouse warehouse) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String layer : LAYERS) {
      for (String table : warehouse.tables(layer)) {
        versions.put(layer + "." + table, warehouse.version(layer, table));
      }
    }
    return versions;
  }

  /** The tables now against their {@code incremental} versions. */
  static Result compare(Warehouse warehouse, Map<String, Long> incremental) {
    Set<String> tables = new TreeSet<>(incremental.keySet());
    tables.addAll(versions(warehouse).keySet());
    List<String> differing = new ArrayList<>();
    for (String name : tables) {
      String[] parts = name.split("\\.", 2);
      Long version = incremental.get(name);
      if (version == null || !warehouse.exists(parts[0], parts[1])) {
        differing.add(name + " (on one side only)");
        continue;
      }
      Dataset<Row> before = withoutLineage(warehouse.readVersion(parts[0], parts[1], version));
      Dataset<Row> after = withoutLineage(warehouse.read(parts[0], parts[1]));
      if (!before.schema().equals(after.schema())) {
        differing.add(name + " (columns)");
      } else if (!before.exceptAll(after).isEmpty() || !after.exceptAll(before).isEmpty()) {
        differing.add(name);
      }
    }
    return new Result(tables.size(), differing);
  }

  /**
   * The rows without lineage columns; a map column becomes its entries sorted by key, since set
   * operations do not compare maps.
   */
  private static Dataset<Row> withoutLineage(Dataset<Row> rows) {
    return rows.selectExpr(
        Arrays.stream(rows.schema().fields())
            .filter(f -> !f.name().startsWith("_"))
            .map(
                f ->
                    f.dataType() instanceof MapType
                        ? "array_sort(map_entries(`" + f.name() + "`)) AS `" + f.name() + "`"
                        : "`" + f.name() + "`")
            .toArray(String[]::new));
  }
}
