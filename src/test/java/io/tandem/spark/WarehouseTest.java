package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.SparkTestBase;
import io.tandem.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.immutable.Map$;

class WarehouseTest extends SparkTestBase {
  @TempDir Path root;

  @Test
  void aTableCreatedWithoutSparkIsAnEmptyDeltaTableWithItsPropertiesThatLaterWritesFill() {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    warehouse.registerAll();
    StructType schema =
        new StructType()
            .add("id", DataTypes.StringType)
            .add("amount", DataTypes.createDecimalType(18, 2))
            .add("_source_file", DataTypes.StringType);

    warehouse.createIfMissing(
        "bronze", "raw_x", schema, Map.of("delta.dataSkippingStatsColumns", "_source_file"));
    warehouse.createIfMissing("bronze", "raw_x", schema, Map.of());

    assertThat(warehouse.exists("bronze", "raw_x")).isTrue();
    assertThat(sql("SELECT * FROM bronze.raw_x").schema()).isEqualTo(schema);
    assertThat(sql("SELECT * FROM bronze.raw_x").count()).isZero();
    Row detail = sql("DESCRIBE DETAIL bronze.raw_x").first();
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    assertThat(properties)
        .containsEntry("delta.dataSkippingStatsColumns", "_source_file")
        .containsEntry("delta.enableDeletionVectors", "false");
    assertThat(rows("DESCRIBE HISTORY bronze.raw_x").size()).isEqualTo(1);
    assertThat(warehouse.rows("bronze", "raw_x")).isZero();
    // The checksum file written beside the first commit agrees with Delta's own replay of the log.
    assertThat(snapshot(warehouse, "raw_x").validateChecksum(Map$.MODULE$.empty())).isTrue();

    warehouse.replaceWhere(
        "bronze",
        "raw_x",
        sql("SELECT 'a' AS id, CAST(1.5 AS DECIMAL(18, 2)) AS amount, 'f1' AS _source_file"),
        "_source_file IN ('f1')");
    warehouse.replaceWhere(
        "bronze",
        "raw_x",
        sql("SELECT 'b' AS id, CAST(2 AS DECIMAL(18, 2)) AS amount, 'f1' AS _source_file"),
        "_source_file IN ('f1')");
    assertThat(rows("SELECT id, CAST(amount AS STRING) FROM bronze.raw_x"))
        .containsExactly(List.of("b", "2.00"));
    assertThat(snapshot(warehouse, "raw_x").validateChecksum(Map$.MODULE$.empty())).isTrue();
  }

  @Test
  void aVersionWhoseChecksumListsItsFilesIsReadFromThemAndOtherwiseThroughDelta() throws Exception {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    warehouse.overwrite("gold", "t", sql("SELECT id, id * 2 AS twice FROM range(3)"));
    String view = warehouse.queryName("gold", "t");

    assertThat(view).startsWith("gold__t__v1_");
    assertThat(rows("SELECT sum(twice) FROM " + view)).containsExactly(List.of(6L));
    assertThat(fileIndex(warehouse.read("gold", "t"))).isEqualTo("InMemoryFileIndex");
    assertThat(warehouse.read("gold", "t").schema())
        .isEqualTo(sql("SELECT * FROM gold.t").schema());

    warehouse.append("gold", "t", sql("SELECT 10L AS id, 20L AS twice"));
    assertThat(warehouse.queryName("gold", "t")).startsWith("gold__t__v2_");
    assertThat(warehouse.read("gold", "t").count()).isEqualTo(4);
    assertThat(warehouse.rows("gold", "t")).isEqualTo(4);

    String threshold = "spark.databricks.delta.allFilesInCrc.thresholdNumFiles";
    spark().conf().set(threshold, "1");
    try {
      warehouse.overwrite("gold", "t", sql("SELECT id, 0L AS twice FROM range(5)").repartition(2));
      assertThat(warehouse.queryName("gold", "t")).isEqualTo("gold.t");
      assertThat(fileIndex(warehouse.read("gold", "t"))).isEqualTo("TahoeLogFileIndex");
      assertThat(warehouse.read("gold", "t").count()).isEqualTo(5);
      assertThat(warehouse.rows("gold", "t")).isEqualTo(5);
    } finally {
      spark().conf().unset(threshold);
    }

    // The folder deleted and a new table created there: its version 0 is not the old one.
    warehouse.overwrite("gold", "u", sql("SELECT 1L AS id"));
    String oldView = warehouse.queryName("gold", "u");
    FileUtils.deleteDirectory(warehouse.tablePath("gold", "u").localPath().toFile());
    warehouse.append("gold", "u", sql("SELECT 2L AS id"));
    assertThat(warehouse.queryName("gold", "u")).isNotEqualTo(oldView);
    assertThat(rows("SELECT id FROM " + warehouse.queryName("gold", "u")))
        .containsExactly(List.of(2L));
  }

  @Test
  void dataKnownToBeEmptyCreatesTheTableByItsFirstCommitAndLeavesAnEmptyTableAsItIs() {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    String empty = "SELECT id, CAST(id AS STRING) AS name FROM range(3) WHERE false";

    assertThat(warehouse.overwrite("gold", "e", sql(empty))).isZero();
    assertThat(history("gold.e")).containsExactly("CREATE TABLE");
    assertThat(sql("SELECT * FROM gold.e").schema()).isEqualTo(sql(empty).schema().asNullable());

    assertThat(warehouse.overwrite("gold", "e", sql(empty))).isZero();
    assertThat(history("gold.e")).containsExactly("CREATE TABLE");

    warehouse.overwrite("gold", "e", sql("SELECT 1L AS id, 'a' AS name"));
    assertThat(warehouse.overwrite("gold", "e", sql(empty))).isZero();
    assertThat(history("gold.e")).containsExactly("WRITE", "WRITE", "CREATE TABLE");
    assertThat(warehouse.rows("gold", "e")).isZero();
  }

  @Test
  void anOverwriteWithTheSameColumnsIsOneKernelCommitThatDeltaReadsAsItsOwn() throws Exception {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    // A new table: its first commit creates it empty, and its rows take Kernel's path.
    warehouse.overwrite("gold", "k", sql("SELECT id, id * 2 AS twice FROM range(3)"));
    assertThat(engines("gold.k")).containsExactly("Kernel/Tandem", "Tandem");
    assertThat(snapshot(warehouse, "gold", "k").validateChecksum(Map$.MODULE$.empty())).isTrue();

    long written =
        warehouse.overwrite(
            "gold", "k", sql("SELECT id, id * 3 AS twice FROM range(4)").repartition(2));

    assertThat(written).isEqualTo(4);
    assertThat(engines("gold.k")).containsExactly("Kernel/Tandem", "Kernel/Tandem", "Tandem");
    assertThat(rows("SELECT sum(twice) FROM gold.k")).containsExactly(List.of(18L));
    assertThat(warehouse.rows("gold", "k")).isEqualTo(4);
    assertThat(warehouse.queryName("gold", "k")).startsWith("gold__k__v2_");
    assertThat(rows("SELECT sum(twice) FROM " + warehouse.queryName("gold", "k")))
        .containsExactly(List.of(18L));
    assertThat(snapshot(warehouse, "gold", "k").validateChecksum(Map$.MODULE$.empty())).isTrue();
    assertThat(warehouse.readVersion("gold", "k", 1).count()).isEqualTo(3);

    // Delta's own commits go on from the checksum the Kernel commit left, and the other way round.
    assertThat(warehouse.delete("gold", "k", functions.col("id").equalTo(0))).isEqualTo(1);
    assertThat(snapshot(warehouse, "gold", "k").validateChecksum(Map$.MODULE$.empty())).isTrue();
    warehouse.overwrite("gold", "k", sql("SELECT id, 0L AS twice FROM range(2)"));
    assertThat(engines("gold.k").get(0)).isEqualTo("Kernel/Tandem");
    assertThat(snapshot(warehouse, "gold", "k").validateChecksum(Map$.MODULE$.empty())).isTrue();
    assertThat(rows("SELECT id, twice FROM gold.k ORDER BY id"))
        .containsExactly(List.of(0L, 0L), List.of(1L, 0L));

    // New columns go through Delta's writer, which changes the table's schema.
    warehouse.overwrite("gold", "k", sql("SELECT id, 0L AS twice, 'x' AS note FROM range(1)"));
    assertThat(engines("gold.k").get(0)).isEqualTo("Apache-Spark");
    assertThat(sql("SELECT * FROM gold.k").columns()).containsExactly("id", "twice", "note");

    // VACUUM takes the replaced versions' files out of the table's folder.
    spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      sql("VACUUM gold.k RETAIN 0 HOURS");
    } finally {
      spark().conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
    }
    try (var files = Files.walk(warehouse.tablePath("gold", "k").localPath())) {
      assertThat(
              files
                  .filter(file -> file.toString().endsWith(".parquet"))
                  .filter(file -> !file.toString().contains("_delta_log"))
                  .count())
          .isEqualTo(snapshot(warehouse, "gold", "k").numOfFiles());
    }
  }

  @Test
  void anAppendOfNewRowsIsOneKernelCommitThatKeepsTheFileListUpToDeltasLimit() {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    warehouse.replaceWhere("bronze", "a", sql("SELECT id, 'f1' AS f FROM range(3)"), "f = 'f1'");

    warehouse.appendNew("bronze", "a", sql("SELECT id, 'f2' AS f FROM range(2)").repartition(2));

    assertThat(engines("bronze.a")).containsExactly("Kernel/Tandem", "Kernel/Tandem", "Tandem");
    assertThat(rows("SELECT f, count(*) FROM bronze.a GROUP BY f ORDER BY f"))
        .containsExactly(List.of("f1", 3L), List.of("f2", 2L));
    assertThat(warehouse.rows("bronze", "a")).isEqualTo(5);
    assertThat(warehouse.queryName("bronze", "a")).startsWith("bronze__a__v2_");
    assertThat(snapshot(warehouse, "a").validateChecksum(Map$.MODULE$.empty())).isTrue();
    assertThat(warehouse.readVersion("bronze", "a", 1).count()).isEqualTo(3);

    // Past Delta's limit on listed files, the checksum counts them and the table is read through
    // Delta; appends go on through Kernel, and Delta's writer through the checksum they leave.
    spark().conf().set("spark.databricks.delta.allFilesInCrc.thresholdNumFiles", "3");
    try {
      warehouse.appendNew("bronze", "a", sql("SELECT id, 'f3' AS f FROM range(4)").repartition(2));
      warehouse.appendNew("bronze", "a", sql("SELECT 9L AS id, 'f4' AS f"));
    } finally {
      spark().conf().unset("spark.databricks.delta.allFilesInCrc.thresholdNumFiles");
    }
    assertThat(engines("bronze.a").subList(0, 2)).containsExactly("Kernel/Tandem", "Kernel/Tandem");
    assertThat(snapshot(warehouse, "a").checksumOpt().get().allFiles().isEmpty()).isTrue();
    assertThat(snapshot(warehouse, "a").validateChecksum(Map$.MODULE$.empty())).isTrue();
    assertThat(warehouse.queryName("bronze", "a")).isEqualTo("bronze.a");
    assertThat(rows("SELECT count(*), sum(id) FROM bronze.a")).containsExactly(List.of(10L, 19L));
    warehouse.replaceWhere("bronze", "a", sql("SELECT 7L AS id, 'f4' AS f"), "f = 'f4'");
    assertThat(snapshot(warehouse, "a").validateChecksum(Map$.MODULE$.empty())).isTrue();
    assertThat(rows("SELECT count(*), sum(id) FROM bronze.a")).containsExactly(List.of(10L, 17L));
    // A replacement that finds no row to replace is such an append.
    assertThat(warehouse.replaceWhere("bronze", "a", sql("SELECT 5L AS id, 'f9' AS f"), "f = 'f9'"))
        .isEqualTo(1);
    assertThat(engines("bronze.a").get(0)).isEqualTo("Kernel/Tandem");
    assertThat(rows("SELECT count(*), sum(id) FROM bronze.a")).containsExactly(List.of(11L, 22L));

    // A table with a rule on its rows is written by Delta's writer, which checks it.
    sql("ALTER TABLE bronze.a ADD CONSTRAINT non_negative CHECK (id >= 0)");
    warehouse.appendNew("bronze", "a", sql("SELECT 6L AS id, 'f10' AS f"));
    assertThat(engines("bronze.a").get(0)).isEqualTo("Apache-Spark");
    sql("ALTER TABLE bronze.a DROP CONSTRAINT non_negative");

    // Rows the table's columns do not take as they are go through Delta's writer.
    warehouse.appendNew("bronze", "a", sql("SELECT 1L AS id, 'f5' AS f, 'x' AS note"));
    assertThat(engines("bronze.a").get(0)).isEqualTo("Apache-Spark");
    assertThat(sql("SELECT * FROM bronze.a").columns()).containsExactly("id", "f", "note");
  }

  @Test
  void aReplacementOrMergeRewritesOnlyTheFilesHoldingItsRowsInOneKernelCommit() {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    // Three files of four rows in the order of day: [0 .. 3], [4 .. 7], [8, 9, 10, 11 (no day)].
    warehouse.overwrite(
        "silver",
        "w",
        sql("SELECT id, IF(id = 11, NULL, CAST(id DIV 4 AS INT)) AS day, 'old' AS v FROM range(12)")
            .coalesce(1)
            .sortWithinPartitions(functions.col("day").asc_nulls_last(), functions.col("id")),
        4);
    List<String> before = dataFiles(warehouse, "w");
    assertThat(before).hasSize(3);

    long replaced =
        warehouse.replaceWhere(
            "silver",
            "w",
            sql("SELECT id, CAST(id DIV 4 AS INT) AS day, 'new' AS v FROM range(8, 10)")
                .union(sql("SELECT 20L, 5, 'new'")),
            "day >= 2",
            4);

    assertThat(replaced).isEqualTo(3);
    assertThat(engines("silver.w").get(0)).isEqualTo("Kernel/Tandem");
    assertThat(
            rows(
                "SELECT id, day, v FROM silver.w WHERE v = 'new' OR day IS NULL OR id = 7 ORDER BY id"))
        .containsExactly(
            List.of(7L, 1, "old"),
            List.of(8L, 2, "new"),
            List.of(9L, 2, "new"),
            java.util.Arrays.asList(11L, null, "old"),
            List.of(20L, 5, "new"));
    assertThat(warehouse.rows("silver", "w")).isEqualTo(12);
    // The first two files hold no row of day 2 or later: the commit keeps them.
    assertThat(dataFiles(warehouse, "w"))
        .containsAll(before.subList(0, 2))
        .doesNotContain(before.get(2));
    assertThat(snapshot(warehouse, "silver", "w").validateChecksum(Map$.MODULE$.empty())).isTrue();

    // A row the condition does not hold for fails the write and leaves the table as it was.
    assertThatThrownBy(
            () ->
                warehouse.replaceWhere(
                    "silver", "w", sql("SELECT 1L AS id, 1 AS day, 'x' AS v"), "day >= 2", 4))
        .hasStackTraceContaining("silver.w is outside the rows it replaces (day >= 2)");
    assertThat(rows("SELECT count(*) FROM silver.w")).containsExactly(List.of(12L));

    List<String> beforeMerge = dataFiles(warehouse, "w");
    warehouse.merge(
        "silver",
        "w",
        sql("SELECT id, 0 AS day, 'merged' AS v FROM VALUES (0L), (30L) t(id)"),
        "id",
        0);

    assertThat(engines("silver.w").get(0)).isEqualTo("Kernel/Tandem");
    assertThat(rows("SELECT id, v FROM silver.w WHERE id IN (0, 1, 30) ORDER BY id"))
        .containsExactly(List.of(0L, "merged"), List.of(1L, "old"), List.of(30L, "merged"));
    assertThat(warehouse.rows("silver", "w")).isEqualTo(13);
    // Only the file that held id 0 is rewritten.
    assertThat(dataFiles(warehouse, "w"))
        .containsAll(beforeMerge.subList(1, beforeMerge.size()))
        .doesNotContain(beforeMerge.get(0));
    assertThat(snapshot(warehouse, "silver", "w").validateChecksum(Map$.MODULE$.empty())).isTrue();
  }

  /** The data files the table's latest version reads, in the order its checksum lists them. */
  private List<String> dataFiles(Warehouse warehouse, String table) {
    return scala.jdk.javaapi.CollectionConverters.asJava(
            snapshot(warehouse, "silver", table).checksumOpt().get().allFiles().get())
        .stream()
        .map(file -> file.path())
        .toList();
  }

  @Test
  void unreadFilesAreDeletedAsVacuumWouldAndDeltaFindsNoneLeft() throws Exception {
    Warehouse warehouse = new Warehouse(spark(), Location.of(root));
    warehouse.overwrite("gold", "v", sql("SELECT id FROM range(3)"));
    warehouse.overwrite("gold", "v", sql("SELECT id FROM range(4)").repartition(2));
    warehouse.delete("gold", "v", functions.col("id").equalTo(0));
    warehouse.overwrite("gold", "v", sql("SELECT id, 'x' AS note FROM range(5)"));
    Path folder = warehouse.tablePath("gold", "v").localPath();
    // a write that never committed, and a hidden file VACUUM leaves
    Files.createDirectories(folder.resolve("write-dead"));
    Files.copy(parquetFiles(folder).get(0), folder.resolve("write-dead/part-0.parquet"));
    Files.writeString(folder.resolve(".keep"), "");
    List<List<Object>> before = rows("SELECT * FROM gold.v ORDER BY id");

    assertThat(warehouse.removeUnreadFiles("gold", "v").orElseThrow()).isPositive();

    assertThat(rows("SELECT * FROM gold.v ORDER BY id")).isEqualTo(before);
    assertThat((long) parquetFiles(folder).size())
        .isEqualTo(snapshot(warehouse, "gold", "v").numOfFiles());
    assertThat(folder.resolve("write-dead")).doesNotExist();
    assertThat(folder.resolve(".keep")).exists();
    spark().conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    try {
      assertThat(sql("VACUUM gold.v RETAIN 0 HOURS DRY RUN").count())
          .as("files Delta's VACUUM would still delete")
          .isZero();
    } finally {
      spark().conf().unset("spark.databricks.delta.retentionDurationCheck.enabled");
    }

    // Rows that need deletion-vector files: left to Delta's VACUUM.
    String dv = warehouse.tablePath("gold", "dv").toString();
    sql("SELECT id FROM range(10)")
        .write()
        .format("delta")
        .option("delta.enableDeletionVectors", "true")
        .save(dv);
    io.delta.tables.DeltaTable.forPath(spark(), dv).delete("id = 1");
    assertThat(warehouse.removeUnreadFiles("gold", "dv")).isEmpty();
  }

  private static List<Path> parquetFiles(Path folder) throws java.io.IOException {
    try (var files = Files.walk(folder)) {
      return files
          .filter(file -> file.toString().endsWith(".parquet"))
          .filter(file -> !file.toString().contains("_delta_log"))
          .toList();
    }
  }

  /** The engines that wrote the table's versions, newest first, without their versions. */
  private List<String> engines(String table) {
    return sql("DESCRIBE HISTORY " + table)
        .select(functions.regexp_replace(functions.col("engineInfo"), " .*", ""))
        .as(Encoders.STRING())
        .collectAsList()
        .stream()
        .map(engine -> engine.replaceAll("[-/][0-9.]+", ""))
        .toList();
  }

  private List<String> history(String table) {
    return sql("DESCRIBE HISTORY " + table)
        .select("operation")
        .as(Encoders.STRING())
        .collectAsList();
  }

  private static String fileIndex(Dataset<Row> data) {
    LogicalRelation scan =
        (LogicalRelation) data.queryExecution().analyzed().collectLeaves().head();
    return ((HadoopFsRelation) scan.relation()).location().getClass().getSimpleName();
  }

  private Snapshot snapshot(Warehouse warehouse, String table) {
    return snapshot(warehouse, "bronze", table);
  }

  private Snapshot snapshot(Warehouse warehouse, String layer, String table) {
    return DeltaLog.forTable(spark(), warehouse.tablePath(layer, table).hadoopPath())
        .update(false, Option.empty(), Option.empty());
  }
}
