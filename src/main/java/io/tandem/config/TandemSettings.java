package io.tandem.config;

import io.tandem.storage.Location;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Tandem finds its configuration and data. Relative paths resolve against {@code home}, the
 * folder that holds conf/, schemas/ and sql/ (environment TANDEM_HOME, default: the working
 * folder). Each value can be set in conf/application.yml, as TANDEM_* environment variables, or per
 * command with flags.
 */
@ConfigurationProperties(prefix = "tandem")
public record TandemSettings(
    String home, String conf, String landing, String warehouse, String varDir) {

  public TandemSettings {
    home = home == null ? "." : home;
    conf = conf == null ? "conf" : conf;
    landing = landing == null ? "var/landing" : landing;
    warehouse = warehouse == null ? "var/warehouse" : warehouse;
    varDir = varDir == null ? "var" : varDir;
  }

  public Path homePath() {
    return Path.of(home).toAbsolutePath().normalize();
  }

  public Path resolve(String path) {
    return homePath().resolve(path).normalize();
  }

  /** The landing folder: a path (relative to home) or an object store's URI. */
  public Location landingLocation() {
    return locate(landing);
  }

  /** The warehouse: a path (relative to home) or an object store's URI. */
  public Location warehouseLocation() {
    return locate(warehouse);
  }

  private Location locate(String text) {
    Location location = Location.of(text);
    return location.isLocal() ? Location.of(resolve(text)) : location;
  }

  public Path varPath() {
    return resolve(varDir);
  }

  /** conf/ (tandem.conf, TANDEM_CONF): business rules, reference tables, Spark settings. */
  public Path confPath() {
    return resolve(conf);
  }

  public Path sqlPath() {
    return homePath().resolve("sql");
  }

  public Path schemasPath() {
    return homePath().resolve("schemas");
  }
}
