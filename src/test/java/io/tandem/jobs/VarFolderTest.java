package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.errors.TandemException;
import io.tandem.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VarFolderTest {
  @TempDir Path var;

  /** The default layout: the warehouse is the folder var/warehouse, inside the var folder. */
  @Test
  void theDefaultWarehouseInsideTheVarFolderIsBoundAndAnotherIsRefused() throws Exception {
    Path warehouse = var.resolve("warehouse");

    VarFolder.bind(var, Location.of(warehouse));
    Files.createDirectories(warehouse);
    VarFolder.bind(var, Location.of(warehouse));

    assertThat(warehouse).isDirectory();
    assertThatThrownBy(() -> VarFolder.bind(var, Location.of(var.resolve("other"))))
        .isInstanceOf(TandemException.class)
        .hasMessageContaining("belongs to the warehouse " + warehouse);
  }
}
