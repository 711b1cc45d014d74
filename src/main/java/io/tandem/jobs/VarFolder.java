package io.tandem.jobs;

import io.tandem.errors.TandemErrors;
import io.tandem.storage.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A var folder serves one warehouse: its job repository, run reports and embedded database describe
 * that warehouse only. The first command that writes records the warehouse in {@code
 * <var>/warehouse.path} (the default warehouse is the folder {@code <var>/warehouse}); a command
 * naming another warehouse with the same var folder is refused.
 */
final class VarFolder {
  private VarFolder() {}

  static void bind(Path varDir, Location warehouse) {
    Path file = varDir.resolve("warehouse.path");
    String mine = warehouse.toString();
    try {
      if (Files.exists(file)) {
        String recorded = Files.readString(file).trim();
        if (!recorded.equals(mine)) {
          throw TandemErrors.varHoldsAnotherWarehouse(varDir, recorded, warehouse);
        }
        return;
      }
      Files.createDirectories(varDir);
      Files.writeString(file, mine + "\n");
    } catch (IOException e) {
      throw TandemErrors.cannotWrite(file, e);
    }
  }
}
