package io.tandem.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.config.DefinitionsVersion;
import io.tandem.config.TandemSettings;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last completed build of a warehouse's silver, journey and gold, in {@code
 * <warehouse>/_tandem_build.json}: the business date it was built as of, the fingerprint of the
 * rules, models and contracts it was built with, and the version of {@code bronze.file_manifest} it
 * had read. The next run rebuilds what the files ingested since that version touch. It is written
 * after the last layer is built, so it can lag the tables (a run that failed after rebuilding some)
 * but never lead them: a lagging state only widens the next run's windows.
 */
public record BuildState(
    @JsonProperty(value = "business_date", required = true) LocalDate businessDate,
    @JsonProperty(required = true) String fingerprint,
    @JsonProperty(value = "manifest_version", required = true) long manifestVersion) {
  static final String FILE = "_tandem_build.json";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  static Optional<BuildState> read(Storage storage, Location warehouse) {
    return storage
        .readString(warehouse.resolve(FILE))
        .map(
            text -> {
              try {
                return JSON.readValue(text, BuildState.class);
              } catch (IOException e) {
                // A state no one can read is no state: the run rebuilds everything and writes anew.
                return null;
              }
            });
  }

  void write(Storage storage, Location warehouse) {
    try {
      storage.writeString(warehouse.resolve(FILE), JSON.writeValueAsString(this) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A hash of the files that decide what the tables hold: the business rules and conf tables
   * (conf/*.yml and conf/*.csv, not application.yml, which says where and how to run), and every
   * file under sql/ and schemas/. A change to any of them makes the next run a full build.
   */
  public static String fingerprint(TandemSettings settings) {
    Map<Path, String> names = new LinkedHashMap<>();
    for (Path file : filesUnder(settings.confPath(), 1)) {
      String name = file.getFileName().toString();
      if ((name.endsWith(".yml") || name.endsWith(".csv")) && !name.equals("application.yml")) {
        names.put(file, "conf/" + name);
      }
    }
    for (Path root : List.of(settings.sqlPath(), settings.schemasPath())) {
      for (Path file : filesUnder(root, Integer.MAX_VALUE)) {
        names.put(file, root.getFileName() + "/" + root.relativize(file));
      }
    }
    return DefinitionsVersion.digest(List.copyOf(names.keySet()), names::get) + "-" + CODE;
  }

  /** {@link #CODE}. */
  public static String code() {
    return CODE;
  }

  /**
   * Which build of Tandem's code runs, as a hash of its jar's name, size and time: a new release
   * (or a jar built again) may compute a table differently, so it rebuilds everything once. Code
   * run from a build folder (the tests) has no jar to tell by.
   */
  private static final String CODE = codeBuild();

  private static String codeBuild() {
    try {
      Path code =
          Path.of(BuildState.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String build =
          Files.isRegularFile(code)
              ? code.getFileName() + " " + Files.size(code) + " " + Files.getLastModifiedTime(code)
              : "classes";
      return DefinitionsVersion.sha256(build).substring(0, 8);
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown";
    }
  }

  private static List<Path> filesUnder(Path root, int depth) {
    try (Stream<Path> walk = Files.walk(root, depth)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
