package io.tandem.ingest;

import io.tandem.contracts.SourceContract;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import io.tandem.storage.Storage.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Lists the extract files of one source object: {@code <landing>/<source>/<object>/<YYYY-MM-DD>/}
 * with an extract date on or before the business date. Source and object folders are matched
 * without regard to case, and an object is read from every folder named like it or like one of its
 * connector tables ({@link SourceContract#readsFolder}). Every other entry is listed by {@link
 * #unread} with the reason it is not read: nothing in the landing folder is passed over silently.
 * The landing folder is a local folder or an object store's prefix ({@link Storage}). A local link
 * whose target lies outside the landing folder is never followed, so a link cannot copy a file from
 * elsewhere on the machine into the warehouse. Names starting with {@code .} or {@code _} (a file
 * manager's or a connector's markers, such as {@code _SUCCESS}) are hidden, as Spark treats them.
 */
public final class LandingScanner {
  private static final Pattern DATE_FOLDER = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** A landing entry that no run reads, relative to the landing folder, and why. */
  public record Unread(String path, String reason) {
    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  private final Storage storage;
  private final Location landing;
  private final Map<String, String> outsideLinks = new TreeMap<>();

  public LandingScanner(Storage storage, Location landing) {
    this.storage = storage;
    this.landing = landing;
  }

  public List<LandingFile> files(SourceContract contract, LocalDate asOf) {
    List<LandingFile> found = new ArrayList<>();
    for (Entry dateDir :
        objectDirs(contract).stream().flatMap(d -> visibleChildren(d).stream()).toList()) {
      LocalDate extractDate = extractDate(dateDir.name());
      if (extractDate == null || extractDate.isAfter(asOf) || !insideLanding(dateDir)) {
        continue;
      }
      for (Entry file : visibleChildren(dateDir)) {
        if (!file.directory() && ExtractFiles.isExtract(file.name()) && insideLanding(file)) {
          found.add(
              new LandingFile(
                  landing.relativize(file.location()),
                  extractDate,
                  file.size(),
                  file.modifiedMillis()));
        }
      }
    }
    return found;
  }

  /** True when any source folder holds an extract dated on or before {@code asOf}. */
  public boolean hasAnyFile(List<SourceContract> contracts, LocalDate asOf) {
    return contracts.stream().anyMatch(c -> !files(c, asOf).isEmpty());
  }

  /**
   * Every landing entry that no source contract reads, with the reason and what to do: a folder no
   * contract names, a date folder that is not a date, a file that is not an extract, a file outside
   * a date folder, a link out of the landing folder. A date folder later than the business date is
   * not listed: a later run reads it.
   */
  public List<Unread> unread(List<SourceContract> contracts) {
    List<Unread> unread = new ArrayList<>();
    for (Entry sourceDir : visibleChildren(landing)) {
      String source = sourceDir.name();
      List<SourceContract> ofSource =
          contracts.stream().filter(c -> c.source().equalsIgnoreCase(source)).toList();
      if (!sourceDir.directory()) {
        unread.add(misplaced(sourceDir));
      } else if (ofSource.isEmpty()) {
        unread.add(
            unread(
                sourceDir,
                "no source contract reads a folder of this name; the sources are "
                    + String.join(
                        ", ", contracts.stream().map(SourceContract::source).distinct().toList())
                    + " (schemas/sources/)"));
      } else {
        listObjectFolder(sourceDir, ofSource, unread);
      }
    }
    outsideLinks.forEach((path, reason) -> unread.add(new Unread(path, reason)));
    return unread.stream().distinct().sorted(Comparator.comparing(Unread::path)).toList();
  }

  private void listObjectFolder(
      Entry sourceDir, List<SourceContract> ofSource, List<Unread> unread) {
    for (Entry objectDir : visibleChildren(sourceDir)) {
      String folder = objectDir.name();
      if (!objectDir.directory()) {
        unread.add(misplaced(objectDir));
      } else if (ofSource.stream().noneMatch(c -> c.readsFolder(folder))) {
        unread.add(
            unread(
                objectDir,
                "no source contract of "
                    + ofSource.get(0).source()
                    + " reads a folder of this name; its objects are "
                    + String.join(", ", ofSource.stream().map(SourceContract::object).toList())
                    + ". Rename the folder, or add its name to the object's folders in"
                    + " schemas/sources/"));
      } else if (insideLanding(objectDir)) {
        for (Entry dateDir : visibleChildren(objectDir)) {
          listDateFolder(dateDir, unread);
        }
      }
    }
  }

  private void listDateFolder(Entry dateDir, List<Unread> unread) {
    if (!insideLanding(dateDir)) {
      return; // listed with the links out of the landing folder
    }
    if (!dateDir.directory()) {
      unread.add(misplaced(dateDir));
      return;
    }
    if (extractDate(dateDir.name()) == null) {
      unread.add(
          unread(
              dateDir,
              "not a date folder: the folder under an object is named by its extract date as"
                  + " YYYY-MM-DD, a real calendar day (such as 2026-11-12). Rename it"));
      return;
    }
    for (Entry file : visibleChildren(dateDir)) {
      if (!insideLanding(file)) {
        continue; // listed with the links out of the landing folder
      }
      if (file.directory()) {
        unread.add(
            unread(file, "a folder inside a date folder is not read; move its files up a level"));
      } else if (!ExtractFiles.isExtract(file.name())) {
        unread.add(
            unread(
                file,
                "not an extract file: extracts end in .csv, .json, .ndjson or .jsonl, optionally"
                    + " .gz"));
      }
    }
  }

  private Unread misplaced(Entry file) {
    return unread(
        file,
        "a file outside a date folder is not read: extracts go in"
            + " <source>/<object>/<YYYY-MM-DD>/");
  }

  private Unread unread(Entry entry, String reason) {
    return new Unread(landing.relativize(entry.location()), reason);
  }

  private List<Entry> objectDirs(SourceContract contract) {
    return visibleChildren(landing).stream()
        .filter(d -> d.name().equalsIgnoreCase(contract.source()))
        .filter(d -> d.directory() && insideLanding(d))
        .flatMap(d -> visibleChildren(d).stream())
        .filter(p -> p.directory() && contract.readsFolder(p.name()))
        .filter(this::insideLanding)
        .toList();
  }

  /**
   * Whether the real path of an entry (links resolved) is inside the landing folder. Object stores
   * have no links.
   */
  private boolean insideLanding(Entry entry) {
    if (!landing.isLocal() || !Files.exists(entry.location().localPath())) {
      return true; // nothing to read there, nothing to report
    }
    try {
      Path real = entry.location().localPath().toRealPath();
      if (real.startsWith(landing.localPath().toRealPath())) {
        return true;
      }
      outsideLinks.put(
          landing.relativize(entry.location()),
          "a link to "
              + real
              + ", outside the landing folder; not read. Copy the file into the landing folder to"
              + " ingest it");
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Entry> visibleChildren(Entry dir) {
    return dir.directory() ? visibleChildren(dir.location()) : List.of();
  }

  private List<Entry> visibleChildren(Location dir) {
    return storage.list(dir).stream().filter(e -> !isHidden(e.name())).toList();
  }

  private static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /** The extract date a folder is named by: YYYY-MM-DD, a real day of years 1–9999; else null. */
  static LocalDate extractDate(String folder) {
    if (!DATE_FOLDER.matcher(folder).matches()) {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(folder);
      return date.getYear() >= 1 ? date : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
