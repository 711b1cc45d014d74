package io.tandem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/** Where the checkout is: conf/, schemas/, sql/ and test fixtures; and edited copies of conf/. */
public final class TestPaths {
  private TestPaths() {}

  public static Path home() {
    String home = System.getenv("TANDEM_HOME");
    return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
  }

  public static Path fixture(String name) {
    return home().resolve("src/test/resources/fixtures").resolve(name);
  }

  /**
   * A copy of the conf folder {@code conf} at {@code target} with one line of one file replaced.
   */
  public static Path confCopy(Path conf, Path target, String file, String line, String replacement)
      throws IOException {
    FileSystemUtils.copyRecursively(conf, target);
    edit(target.resolve(file), line, replacement);
    return target;
  }

  /**
   * Replaces {@code line} in a file with {@code replacement}; fails when the file lacks the line,
   * so a test never runs on an edit that silently did nothing.
   */
  public static void edit(Path file, String line, String replacement) throws IOException {
    String text = Files.readString(file);
    if (!text.contains(line)) {
      throw new IllegalArgumentException(file.getFileName() + " has no line '" + line + "'");
    }
    Files.writeString(file, text.replace(line, replacement));
  }
}
