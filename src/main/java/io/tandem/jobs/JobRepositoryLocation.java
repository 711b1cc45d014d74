package io.tandem.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Spring Batch job repository is: an embedded H2 file under {@code <var>/jobrepo} unless
 * {@code spring.datasource.url} is configured (the {@code postgres} profile). Commands that only
 * read it ({@code runs}) find it here without starting Spring when the embedded default is in use.
 */
public final class JobRepositoryLocation {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private JobRepositoryLocation() {}

  public static String embeddedUrl(Path varDir) {
    return "jdbc:h2:file:" + varDir.resolve("jobrepo/tandem") + ";AUTO_SERVER=TRUE";
  }

  public static boolean embeddedExists(Path varDir) {
    return Files.exists(varDir.resolve("jobrepo/tandem.mv.db"));
  }

  /**
   * The var folder of the embedded job repository, as Spring would resolve it (system property,
   * environment, conf/application.yml, default {@code var} under the home folder); empty when a
   * profile or a datasource url is set, which only Spring resolves.
   */
  public static Optional<Path> embeddedVarDirWithoutSpring() {
    if (isSet(System.getProperty("spring.profiles.active"))
        || isSet(System.getenv("SPRING_PROFILES_ACTIVE"))
        || isSet(System.getProperty("spring.datasource.url"))
        || isSet(System.getenv("SPRING_DATASOURCE_URL"))) {
      return Optional.empty();
    }
    Path home =
        Path.of(firstSet(System.getenv("TANDEM_HOME"), System.getProperty("tandem.home"), "."));
    JsonNode conf;
    try {
      Path file = home.resolve("conf/application.yml");
      conf = Files.exists(file) ? YAML.readTree(file.toFile()) : YAML.createObjectNode();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (isSet(conf.at("/spring/datasource/url").asText(null))) {
      return Optional.empty();
    }
    String varDir =
        firstSet(
            System.getProperty("tandem.var-dir"),
            System.getenv("TANDEM_VARDIR"),
            System.getenv("TANDEM_VAR_DIR"),
            conf.at("/tandem/var-dir").asText(null),
            "var");
    if (varDir.contains("${")) {
      return Optional.empty();
    }
    return Optional.of(home.toAbsolutePath().normalize().resolve(varDir).normalize());
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (isSet(value)) {
        return value;
      }
    }
    return null;
  }
}
