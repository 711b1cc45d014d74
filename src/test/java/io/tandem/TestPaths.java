package io.tandem;

import java.nio.file.Path;

/** Where the checkout is: conf/, schemas/, sql/ and test fixtures. */
public final class TestPaths {
  private TestPaths() {}

  public static Path home() {
    String home = System.getenv("TANDEM_HOME");
    return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
  }

  public static Path fixture(String name) {
    return home().resolve("src/test/resources/fixtures").resolve(name);
  }
}
