package io.tandem.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tandem.model.TableContract;
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
   * Every key column not null, every key unique (one pass over the table, whose row count goes to
   * {@code rowsChecked}).
   */
  static CheckResult key(
      String name, TableContract contract, Dataset<Row> table, LongConsumer rowsChecked) {
    Column[] key = contract.key().stream().map(k -> col(k)).toArray(Column[]::new);
    Column anyNull =
        contract.key().stream().map(k -> col(k).isNull()).reduce(Column::or).orElseThrow();
    Row counts =
        table
            .agg(count(lit(1)), count_distinct(struct(key)), sum(when(anyNull, 1).otherwise(0)))
            .first();
    rowsChecked.accept(counts.getLong(0));
    long nullKeys = counts.isNullAt(2) ? 0 : counts.getLong(2);
    long duplicates = counts.getLong(0) - counts.getLong(1);
    String check = name + " key (" + String.join(", ", contract.key()) + ")";
    return CheckResult.of(
        check,
        nullKeys > 0 || duplicates > 0,
        check + ": " + nullKeys + " row(s) with a null key, " + duplicates + " duplicate row(s)");
  }

  /**
   * The accepted-values and references rules of every column of {@code contract}; {@code tables}
   * reads a referenced {@code <layer>.<table>}.
   */
  static List<CheckResult> columns(
      String name,
      TableContract contract,
      Dataset<Row> table,
      Function<String, Dataset<Row>> tables) {
    List<CheckResult> results = new ArrayList<>();
    for (TableContract.Column column : contract.columns()) {
      if (column.acceptedValues() != null && !column.acceptedValues().isEmpty()) {
        Dataset<Row> offending =
            table.filter(
                col(column.name())
                    .isNotNull()
                    .and(not(col(column.name()).isin(column.acceptedValues().toArray()))));
        results.add(
            offending(
                name + "." + column.name() + " accepted values",
                offending.select(col(column.name()).cast("string")),
                "value(s) outside " + column.acceptedValues()));
      }
      if (column.references() != null) {
        int dot = column.references().lastIndexOf('.');
        String referenced = column.references().substring(0, dot);
        String referencedColumn = column.references().substring(dot + 1);
        Dataset<Row> known = tables.apply(referenced).select(col(referencedColumn).as("known"));
        Dataset<Row> orphans =
            table
                .select(col(column.name()).cast("string").as("value"))
                .filter(col("value").isNotNull())
                .join(known, col("value").equalTo(col("known")), "left_anti");
        results.add(
            offending(
                name + "." + column.name() + " references " + column.references(),
                orphans,
                "value(s) not found in " + column.references()));
      }
    }
    return results;
  }

  private static CheckResult offending(String check, Dataset<Row> values, String what) {
    Dataset<String> distinct = values.distinct().as(Encoders.STRING());
    List<String> examples =
        distinct.orderBy(distinct.col(distinct.columns()[0])).limit(EXAMPLES).collectAsList();
    if (examples.isEmpty()) {
      return CheckResult.of(check, false, check + ": passed");
    }
    long rows = values.count();
    return CheckResult.of(
        check,
        true,
        check + ": " + rows + " row(s) with " + what + ", e.g. " + String.join(", ", examples));
  }
}
