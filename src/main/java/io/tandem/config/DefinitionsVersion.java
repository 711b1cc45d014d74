package io.tandem.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The version of the KPI definitions a number was computed under: a hash of the business rules and
 * targets in conf/ and of the gold SQL. A signed quarter keeps the version it was signed under.
 */
public final class DefinitionsVersion {
  private DefinitionsVersion() {}

  public static String of(Path confDir, Path goldSqlDir) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path file : files(confDir, goldSqlDir)) {
        sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        // Line endings and trailing blanks are not definitions.
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

  private static List<Path> files(Path confDir, Path goldSqlDir) throws IOException {
    try (Stream<Path> conf = Files.list(confDir);
        Stream<Path> sql = Files.walk(goldSqlDir)) {
      return Stream.concat(
              conf.filter(
                  p -> {
                    String name = p.getFileName().toString();
                    return name.equals("definitions.yml")
                        || name.equals("targets.yml")
                        || name.endsWith(".csv");
                  }),
              sql.filter(p -> p.toString().endsWith(".sql")))
          .sorted()
          .toList();
    }
  }
}
