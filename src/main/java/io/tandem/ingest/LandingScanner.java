package io.tandem.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lists the extract files of one source object: {@code <landing>/<source>/<object>/<YYYY-MM-DD>/}
 * with an extract date on or before the business date. An object is read from every folder named
 * like it or like one of its connector tables ({@link SourceContract#readsFolder}).
 */
public final class LandingScanner {
  private final Path landing;

  public LandingScanner(Path landing) {
    this.landing = landing;
  }

  public List<LandingFile> files(SourceContract contract, LocalDate asOf) {
    List<LandingFile> found = new ArrayList<>();
    for (Path dateDir : objectDirs(contract).stream().flatMap(d -> children(d).stream()).toList()) {
      LocalDate extractDate = parseDate(dateDir.getFileName().toString());
      if (extractDate == null || extractDate.isAfter(asOf)) {
        continue;
      }
      for (Path file : children(dateDir)) {
        if (Files.isRegularFile(file) && ExtractFiles.isExtract(file)) {
          found.add(describe(file, extractDate));
        }
      }
    }
    return found;
  }

  /** True when any source folder holds an extract dated on or before {@code asOf}. */
  public boolean hasAnyFile(List<SourceContract> contracts, LocalDate asOf) {
    return contracts.stream().anyMatch(c -> !files(c, asOf).isEmpty());
  }

  private LandingFile describe(Path file, LocalDate extractDate) {
    try {
      return new LandingFile(
          landing.relativize(file).toString(),
          extractDate,
          Files.size(file),
          Files.getLastModifiedTime(file).toMillis());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> objectDirs(SourceContract contract) {
    return children(landing.resolve(contract.source())).stream()
        .filter(p -> Files.isDirectory(p) && contract.readsFolder(p.getFileName().toString()))
        .toList();
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LocalDate parseDate(String folder) {
    try {
      return LocalDate.parse(folder);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
