package io.tandem;

import io.tandem.spark.SparkSessionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Shared Spark for the whole test JVM (Spark takes seconds to start), built by the same factory the
 * application uses, with helpers to run SQL and read rows as plain lists.
 */
public abstract class SparkTestBase {
  private static SparkSession spark;

  static {
    // The one Spark of the test JVM outlives the var folder of the test that started it (the
    // application's default scratch is <var>/spark-scratch/<pid>): it keeps its scratch for the
    // JVM's life instead. Commands run in a JVM of their own use the application's default.
    try {
      System.setProperty(
          "spark.local.dir", Files.createTempDirectory("tandem-spark-scratch").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      try {
        Path scratch = Files.createTempDirectory("tandem-spark");
        spark = SparkSessionFactory.create(TestPaths.home().resolve("conf/spark"), scratch);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return spark;
  }

  protected static Dataset<Row> sql(String query) {
    return spark().sql(query);
  }

  /** Rows as lists of values, in the query's order. */
  protected static List<List<Object>> rows(String query) {
    return sql(query).collectAsList().stream().map(SparkTestBase::values).toList();
  }

  protected static List<Object> values(Row row) {
    return Arrays.asList(
        java.util.stream.IntStream.range(0, row.size())
            .mapToObj(i -> normalize(row.get(i)))
            .toArray());
  }

  /** A row as one comparable line: values joined with '|'. */
  protected static String line(Row row) {
    return values(row).stream().map(String::valueOf).collect(Collectors.joining("|"));
  }

  private static Object normalize(Object value) {
    if (value instanceof java.math.BigDecimal decimal) {
      return decimal.stripTrailingZeros().toPlainString();
    }
    return value;
  }
}
