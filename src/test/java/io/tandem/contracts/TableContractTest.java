package io.tandem.contracts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contracts are read strictly: a misspelt or missing key is an error, never a dropped check. */
class TableContractTest {
  @TempDir Path dir;

  private static final String VALID =
      """
      table: gold.kpi_x
      description: "A KPI"
      grain: "one row per day"
      key: [day]
      columns:
        - {name: day, type: date, description: "The day"}
        - {name: status, type: string, description: "Its status", accepted_values: [ok, late]}
      """;

  @Test
  void aMisspeltColumnKeyIsAnError() throws Exception {
    assertThatThrownBy(() -> read(VALID.replace("accepted_values", "accepted_value")))
        .hasMessageContaining("accepted_value")
        .hasMessageContaining("kpi_x.yml");
  }

  @Test
  void aMisspeltRequiredTableKeyIsAnError() throws Exception {
    // the required key it misses is named first
    assertThatThrownBy(() -> read(VALID.replace("grain:", "grian:")))
        .hasMessageContaining("'grain'")
        .hasMessageContaining("kpi_x.yml");
  }

  @Test
  void aColumnWithoutATypeIsAnError() throws Exception {
    assertThatThrownBy(() -> read(VALID.replace("{name: day, type: date,", "{name: day,")))
        .hasMessageContaining("type");
  }

  private TableContract read(String yaml) throws Exception {
    Path file = dir.resolve("kpi_x.yml");
    Files.writeString(file, yaml);
    return YamlFiles.read(file, TableContract.class, "contract");
  }
}
