package io.tandem.checks;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tandem.contracts.TableContract;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * What a built table's contract in {@code schemas/} promises about its rows: the key is never null
 * and unique, a column with {@code accepted_values} holds nothing else, and a column that {@code
 * references} another table's column holds only values found there. Pure functions of the tables;
 * each failure names up to five offending values.
 */
final class ContractChecks {
  private static final int EXAMPLES = 5;

  private ContractChecks() {}

  /**
   * Every rule of {@code contract} on {@code table}: key columns never null and the key unique,
   * accepted values, references ({@code tables} reads a referenced {@code <layer>.<table>}). The
   * key and accepted-values rules are counted in one pass over the table (whose row count goes to
   * {@code rowsChecked}); examples of offending values are looked up only for a rule that fails.
   */
  static List<CheckResult> all(
      String name,
      TableContract contract,
      Dataset<Row> table,
      Function<String, Dataset<Row>> tables,
      LongConsumer rowsChecked) {
    List<String> key = contract.key() == null ? List.of() : contract.key();
    List<TableContract.Column> accepted =
        contract.columns().stream()
            .filter(c -> c.acceptedValues() != null && !c.acceptedValues().isEmpty())
            .toList();
    List<Column> counts = new ArrayList<>(List.of(count(lit(1))));
    if (!key.isEmpty()) {
      Column anyNull = key.stream().map(k -> col(k).isNull()).reduce(Column::or).orElseThrow();
      counts.add(count_distinct(struct(key.stream().map(k -> col(k)).toArray(Column[]::new))));
      counts.add(countWhere(anyNull));
    }
    accepted.forEach(c -> counts.add(countWhere(outside(c))));
    // A contract with neither key nor accepted values needs no pass over the table.
    Row row =
        counts.size() == 1
            ? null
            : table
                .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new))
                .first();
    if (row != null) {
      rowsChecked.accept(row.getLong(0));
    }

    List<CheckResult> results = new ArrayList<>();
    int next = 1;
    if (!key.isEmpty()) {
      long duplicates = row.getLong(0) - row.getLong(next++);
      long nullKeys = row.getLong(next++);
      String check = name + " key (" + String.join(", ", key) + ")";
      results.add(
          CheckResult.of(
              check,
              nullKeys > 0 || duplicates > 0,
              check
                  + ": "
                  + nullKeys
                  + " row(s) with a null key, "
                  + duplicates
                  + " duplicate row(s)"));
    }
    for (TableContract.Column column : accepted) {
      String check = name + "." + column.name() + " accepted values";
      long rows = row.getLong(next++);
      results.add(
          rows == 0
              ? CheckResult.of(check, false, check + ": passed")
              : failed(
                  check,
                  rows,
                  table.filter(outside(column)).select(col(column.name()).cast("string")),
                  "value(s) outside " + column.acceptedValues()));
    }
    for (TableContract.Column column : contract.columns()) {
      if (column.references() != null) {
        results.add(references(name, column, table, tables));
      }
    }
    return results;
  }

  private static Column countWhere(Column condition) {
    return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
  }

  private static Column outside(TableContract.Column column) {
    return col(column.name())
        .isNotNull()
        .and(not(col(column.name()).isin(column.acceptedValues().toArray())));
  }

  private static CheckResult references(
      String name,
      TableContract.Column column,
      Dataset<Row> table,
      Function<String, Dataset<Row>> tables) {
    int dot = column.references().lastIndexOf('.');
    String referenced = column.references().substring(0, dot);
    String referencedColumn = column.references().substring(dot + 1);
    Dataset<Row> known = tables.apply(referenced).select(col(referencedColumn).as("known"));
    Dataset<Row> orphans =
        table
            .select(col(column.name()).cast("string").as("value"))
            .filter(col("value").isNotNull())
            .join(known, col("value").equalTo(col("known")), "left_anti");
    String check = name + "." + column.name() + " references " + column.references();
    List<String> examples = examples(orphans);
    return examples.isEmpty()
        ? CheckResult.of(check, false, check + ": passed")
        : failed(check, orphans.count(), examples, "value(s) not found in " + column.references());
  }

  private static CheckResult failed(String check, long rows, Dataset<Row> values, String what) {
    return failed(check, rows, examples(values), what);
  }

  private static CheckResult failed(String check, long rows, List<String> examples, String what) {
    return CheckResult.of(
        check,
        true,
        check + ": " + rows + " row(s) with " + what + ", e.g. " + String.join(", ", examples));
  }

  /** Up to five distinct offending values, in order. */
  private static List<String> examples(Dataset<Row> values) {
    Dataset<String> distinct = values.distinct().as(Encoders.STRING());
    return distinct.orderBy(distinct.col(distinct.columns()[0])).limit(EXAMPLES).collectAsList();
  }
}
