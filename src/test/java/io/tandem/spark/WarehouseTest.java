package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseTest extends SparkTestBase {
  @TempDir Path root;

  @Test
  void aTableCreatedWithoutSparkIsAnEmptyDeltaTableWithItsPropertiesThatLaterWritesFill() {
    Warehouse warehouse = new Warehouse(spark(), root);
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
  }
}
