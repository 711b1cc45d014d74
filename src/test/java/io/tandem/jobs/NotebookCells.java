package io.tandem.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the {@code %%sql} cells of the notebooks, so tests can run them. */
final class NotebookCells {
  private NotebookCells() {}

  static List<String> sqlCells(Path folder) throws IOException {
    List<String> cells = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path notebook : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
        for (JsonNode cell : new ObjectMapper().readTree(notebook.toFile()).get("cells")) {
          StringBuilder text = new StringBuilder();
          cell.get("source").forEach(line -> text.append(line.asText()));
          if (cell.get("cell_type").asText().equals("code")
              && text.toString().startsWith("%%sql")) {
            cells.add(text.substring("%%sql".length()).trim());
          }
        }
      }
    }
    return cells;
  }
}
