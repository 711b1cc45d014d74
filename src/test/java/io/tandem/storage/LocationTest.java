package io.tandem.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationTest {
  @Test
  void aLocalPathIsKeptAsItsAbsolutePathAsEarlierRunsRecordedIt() {
    Location local = Location.of("/data/tandem/../tandem/warehouse");

    assertThat(local.isLocal()).isTrue();
    assertThat(local.toString()).isEqualTo("/data/tandem/warehouse");
    assertThat(Location.of("file:/data/tandem/warehouse")).isEqualTo(local);
    assertThat(Location.of("file:///data/tandem/warehouse")).isEqualTo(local);
    assertThat(local.resolve("gold/kpi_funnel").localPath())
        .isEqualTo(Path.of("/data/tandem/warehouse/gold/kpi_funnel"));
    assertThat(local.hadoopPath().toString()).isEqualTo("file:/data/tandem/warehouse");
  }

  @Test
  void aStoreUriIsKeptWithoutItsTrailingSlash() {
    Location warehouse = Location.of("s3a://acme-data/tandem/warehouse/");

    assertThat(warehouse.isLocal()).isFalse();
    assertThat(warehouse.toString()).isEqualTo("s3a://acme-data/tandem/warehouse");
    Location table = warehouse.resolve("gold").resolve("kpi_funnel");
    assertThat(table.toString()).isEqualTo("s3a://acme-data/tandem/warehouse/gold/kpi_funnel");
    assertThat(table.name()).isEqualTo("kpi_funnel");
    assertThat(warehouse.relativize(table)).isEqualTo("gold/kpi_funnel");
    assertThat(table.hadoopPath().toUri().getScheme()).isEqualTo("s3a");
    assertThat(Location.of("abfss://lake@acme.dfs.core.windows.net/tandem").isLocal()).isFalse();
    assertThatThrownBy(warehouse::localPath).hasMessageContaining("is not a local path");
    assertThatThrownBy(() -> warehouse.relativize(Location.of("s3a://other/x")))
        .hasMessageContaining("is not inside");
  }
}
