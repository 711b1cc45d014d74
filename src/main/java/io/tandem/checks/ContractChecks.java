package io.tandem.checks;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.tandem.contracts.TableContract;
import io.tandem.spark.SideBySide;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The rule of the key counts in {@link #counts}: a name no column has. */
  private static final String ROWS = "";

  private ContractChecks() {}

  /**
   * What the counting query found for one rule of a table: its rows (for an accepted-values rule,
   * those outside the values), distinct keys and rows with a null key part.
   */
  private record Counted(long rows, long distinctKeys, long nullKeys) {}

  /** A table to check: its name ({@code <layer>.<table>}), contract and rows. */
  record Subject(String name, TableContract contract, Dataset<Row> rows) {
    List<String> key() {
      return contract.key() == null ? List.of() : contract.key();
    }

    List<TableContract.Column> accepted() {
      return contract.columns().stream()
          .filter(c -> c.acceptedValues() != null && !c.acceptedValues().isEmpty())
          .toList();
    }
  }

  /**
   * Every rule of each subject's contract, by subject name in their order: key columns never null
   * and the key unique, accepted values, references ({@code tables} reads a referenced {@code
   * <layer>.<table>}). The key and accepted-values rules of all subjects are counted in one query
   * (each table's row count goes to {@code rowsChecked}): a check of a small table costs planning,
   * not data, and one query plans once. Examples of offending values are looked up only for a rule
   * that fails; those lookups and the references run side by side.
   */
  static Map<String, List<CheckResult>> all(
      List<Subject> subjects, Function<String, Dataset<Row>> tables, LongConsumer rowsChecked) {
    Map<String, Map<String, Counted>> counts = counts(subjects);
    Map<String, List<CheckResult>> results = new ConcurrentHashMap<>();
    SideBySide.run(
        subjects.stream()
            .<Runnable>map(
                subject ->
                    () -> {
                      Map<String, Counted> counted = counts.getOrDefault(subject.name(), Map.of());
                      if (counted.containsKey(ROWS)) {
                        rowsChecked.accept(counted.get(ROWS).rows());
                      }
                      results.put(subject.name(), checks(subject, counted, tables));
                    })
            .toList());
    Map<String, List<CheckResult>> ordered = new LinkedHashMap<>();
    subjects.forEach(subject -> ordered.put(subject.name(), results.get(subject.name())));
    return ordered;
  }

  /**
   * For each subject with a key or accepted values, by rule: {@link #ROWS} gives the rows, the
   * distinct keys and the rows with a null key part; an accepted-values column gives the rows
   * outside its values. A rule without a row counted nothing (an empty table, no value outside).
   */
  private static Map<String, Map<String, Counted>> counts(List<Subject> subjects) {
    List<Dataset<Row>> parts = new ArrayList<>();
    for (Subject subject : subjects) {
      List<String> key = subject.key();
      List<TableContract.Column> accepted = subject.accepted();
      if (key.isEmpty() && accepted.isEmpty()) {
        continue; // neither key nor accepted values: no pass over the table
      }
      Column anyNull = key.stream().map(k -> col(k).isNull()).reduce(Column::or).orElse(lit(false));
      parts.add(part(subject.rows(), subject.name(), ROWS, keyValue(key), anyNull));
      accepted.forEach(
          c ->
              parts.add(
                  part(
                      subject.rows().filter(outside(c)),
                      subject.name(),
                      c.name(),
                      lit(null).cast("string"),
                      lit(false))));
    }
    if (parts.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, Counted>> counts = new HashMap<>();
    parts.stream()
        .reduce(Dataset::unionAll)
        .orElseThrow()
        .groupBy("subject", "rule", "value")
        .agg(count(lit(1)).as("rows"), countWhere(col("null_key")).as("null_keys"))
        .groupBy("subject", "rule")
        .agg(sum("rows"), count(lit(1)), sum("null_keys"))
        .collectAsList()
        .forEach(
            row ->
                counts
                    .computeIfAbsent(row.getString(0), name -> new HashMap<>())
                    .put(
                        row.getString(1),
                        new Counted(row.getLong(2), row.getLong(3), row.getLong(4))));
    return counts;
  }

  private static Dataset<Row> part(
      Dataset<Row> rows, String subject, String rule, Column value, Column nullKey) {
    return rows.select(
        lit(subject).as("subject"),
        lit(rule).as("rule"),
        value.as("value"),
        nullKey.as("null_key"));
  }

  /**
   * The key as one string that is equal for equal keys only: a single column as text, several as
   * JSON; no key, one value for all rows.
   */
  private static Column keyValue(List<String> key) {
    if (key.isEmpty()) {
      return lit(null).cast("string");
    }
    return key.size() == 1
        ? col(key.get(0)).cast("string")
        : to_json(struct(key.stream().map(k -> col(k)).toArray(Column[]::new)));
  }

  /** One subject's results from its counts: examples for a failed rule, then its references. */
  private static List<CheckResult> checks(
      Subject subject, Map<String, Counted> counted, Function<String, Dataset<Row>> tables) {
    String name = subject.name();
    List<String> key = subject.key();
    List<CheckResult> results = new ArrayList<>();
    if (!key.isEmpty()) {
      Counted keys = counted.getOrDefault(ROWS, new Counted(0, 0, 0));
      long duplicates = keys.rows() - keys.distinctKeys();
      long nullKeys = keys.nullKeys();
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
    for (TableContract.Column column : subject.accepted()) {
      String check = name + "." + column.name() + " accepted values";
      Counted outside = counted.get(column.name());
      results.add(
          outside == null
              ? CheckResult.of(check, false, check + ": passed")
              : failed(
                  check,
                  outside.rows(),
                  subject.rows().filter(outside(column)).select(col(column.name()).cast("string")),
                  "value(s) outside " + column.acceptedValues()));
    }
    for (TableContract.Column column : subject.contract().columns()) {
      if (column.references() != null) {
        results.add(references(name, column, subject.rows(), tables));
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
