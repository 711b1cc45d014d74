package io.tandem.lineage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the run's OpenLineage events go ({@code tandem.lineage.*} in conf/application.yml): an HTTP
 * endpoint (Marquez, DataHub, any OpenLineage consumer; {@code api-key} from the environment), a
 * file of one event per line, or both; neither: no events. {@code namespace} names the jobs.
 */
@ConfigurationProperties(prefix = "tandem.lineage")
public record LineageSettings(String url, String apiKey, String file, String namespace) {
  public LineageSettings {
    url = url == null ? "" : url.strip();
    apiKey = apiKey == null ? "" : apiKey.strip();
    file = file == null ? "" : file.strip();
    namespace = namespace == null || namespace.isBlank() ? "tandem" : namespace.strip();
  }

  boolean enabled() {
    return !url.isEmpty() || !file.isEmpty();
  }
}
