package io.tandem.jobs;

import io.tandem.SparkTestBase;
import io.tandem.TandemApplication;
import io.tandem.TestPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.springframework.util.FileSystemUtils;

/** Runs the real CLI in this JVM and reads the Delta tables it leaves. */
abstract class JobTestBase extends SparkTestBase {

  record Result(int exitCode, String err) {}

  /** Runs one CLI command with the job repository and run reports under {@code varDir}. */
  static Result tandem(Path varDir, String... args) {
    return tandemWithConf(varDir, null, args);
  }

  /** Runs one CLI command reading business rules from {@code confDir} (null: the checkout's). */
  static Result tandemWithConf(Path varDir, Path confDir, String... args) {
    System.setProperty("tandem.var-dir", varDir.toString());
    if (confDir == null) {
      System.clearProperty("tandem.conf");
    } else {
      System.setProperty("tandem.conf", confDir.toString());
    }
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = TandemApplication.execute(args);
      return new Result(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
      original.print(err.toString(StandardCharsets.UTF_8));
    }
  }

  /** A copy of the checkout's conf/ with one line of definitions.yml replaced. */
  static Path confWith(Path target, String line, String replacement) throws IOException {
    FileSystemUtils.copyRecursively(TestPaths.home().resolve("conf"), target);
    Path definitions = target.resolve("definitions.yml");
    String text = Files.readString(definitions);
    if (!text.contains(line)) {
      throw new IllegalArgumentException("definitions.yml has no line '" + line + "'");
    }
    Files.writeString(definitions, text.replace(line, replacement));
    return target;
  }

  static Dataset<Row> table(Path warehouse, String layer, String table) {
    return spark().read().format("delta").load(warehouse.resolve(layer).resolve(table).toString());
  }

  static List<String> lines(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(SparkTestBase::line).toList();
  }

  /** Every table of the given layers, without lineage columns, as sorted lines. */
  static Map<String, List<String>> snapshot(Path warehouse, String... layers) {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String layer : layers) {
      Path dir = warehouse.resolve(layer);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      for (String name : dir.toFile().list()) {
        Dataset<Row> data = table(warehouse, layer, name);
        String[] columns =
            Arrays.stream(data.columns()).filter(c -> !c.startsWith("_")).toArray(String[]::new);
        tables.put(layer + "." + name, lines(data.selectExpr(columns)).stream().sorted().toList());
      }
    }
    return tables;
  }
}
