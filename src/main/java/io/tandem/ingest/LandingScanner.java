package io.tandem.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Lists the extract files of one source object: {@code <landing>/<source>/<object>/<YYYY-MM-DD>/}
 * with an extract date on or before the business date. An object is read from every folder named
 * like it or like one of its connector tables ({@link SourceContract#readsFolder}). A link whose
 * target lies outside the landing folder is never followed: it is listed in {@link #skipped} with
 * the reason, so a link cannot copy a file from elsewhere on the machine into the warehouse.
 */
public final class LandingScanner {
  private final Path landing;
  private final Set<String> skipped = new TreeSet<>();

  public LandingScanner(Path landing) {
    this.landing = landing;
  }

  /** The landing entries passed over, each with why. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  public List<LandingFile> files(SourceContract contract, LocalDate asOf) {
    List<LandingFile> found = new ArrayList<>();
    for (Path dateDir : objectDirs(contract).stream().flatMap(d -> children(d).stream()).toList()) {
      LocalDate extractDate = parseDate(dateDir.getFileName().toString());
      if (extractDate == null || extractDate.isAfter(asOf)) {
        continue;
      }
      for (Path file : children(dateDir)) {
        if (Files.isRegularFile(file) && ExtractFiles.isExtract(file) && insideLanding(file)) {
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
    Path sourceDir = landing.resolve(contract.source());
    if (!insideLanding(sourceDir)) {
      return List.of();
    }
    return children(sourceDir).stream()
        .filter(p -> Files.isDirectory(p) && contract.readsFolder(p.getFileName().toString()))
        .filter(this::insideLanding)
        .toList();
  }

  /** Whether the real path of an entry (links resolved) is inside the landing folder. */
  private boolean insideLanding(Path entry) {
    if (!Files.exists(entry)) {
      return true; // nothing to read there, nothing to report
    }
    try {
      Path real = entry.toRealPath();
      if (real.startsWith(landing.toRealPath())) {
        return true;
      }
      skipped.add(
          landing.relativize(entry)
              + ": a link to "
              + real
              + ", outside the landing folder; not read. Copy the file into the landing folder to"
              + " ingest it");
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
