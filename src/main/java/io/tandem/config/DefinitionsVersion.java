package io.tandem.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The version of the KPI rules a number was computed under: a hash of the business rules in conf/
 * (definitions.yml and the conf tables) and of the gold SQL. Targets and exchange rates are left
 * out: a quarter's scorecard version adds only that quarter's targets and the rates dated up to its
 * end ({@code kpi_alignment_scorecard_quarterly.sql}), so next quarter's target or a new rate does
 * not restate a signed quarter.
 */
public final class DefinitionsVersion {
  private DefinitionsVersion() {}

  public static String of(Path confDir, Path goldSqlDir) {
    try {
      return digest(files(confDir, goldSqlDir), file -> file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first 12 hex digits of a SHA-256 over {@code files} in their order, each as its {@code
   * name} and its text; line endings and trailing blanks are not content.
   */
  public static String digest(List<Path> files, Function<Path, String> name) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        sha.update(name.apply(file).getBytes(StandardCharsets.UTF_8));
        String text = Files.readString(file).replace("\r\n", "\n").strip();
        sha.update(text.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of a text, in hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The rule files in a fixed order that does not depend on where the folders are: conf files by
   * name, then the SQL by its path inside the gold folder.
   */
  private static List<Path> files(Path confDir, Path goldSqlDir) throws IOException {
    try (Stream<Path> conf = Files.list(confDir);
        Stream<Path> sql = Files.walk(goldSqlDir)) {
      return Stream.concat(
              conf.filter(
                      p -> {
                        String name = p.getFileName().toString();
                        return name.equals("definitions.yml")
                            || (name.endsWith(".csv") && !name.equals("fx_rates.csv"));
                      })
                  .sorted(),
              sql.filter(p -> p.toString().endsWith(".sql"))
                  .sorted(Comparator.comparing(p -> goldSqlDir.relativize(p).toString())))
          .toList();
    }
  }
}
