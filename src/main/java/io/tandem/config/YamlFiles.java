package io.tandem.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tandem.errors.TandemErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the YAML files under conf/ and schemas/ into typed objects, with errors that name them. */
public final class YamlFiles {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

  private YamlFiles() {}

  public static <T> T read(Path file, Class<T> type, String what) {
    if (!Files.isRegularFile(file)) {
      throw TandemErrors.missingConfig(file, what);
    }
    try {
      return YAML.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw TandemErrors.badConfig(file, TandemErrors.rootMessage(e), e);
    }
  }
}
