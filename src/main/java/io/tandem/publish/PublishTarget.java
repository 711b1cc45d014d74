package io.tandem.publish;

import java.nio.file.Path;

/**
 * The PostgreSQL that gold is published to: the configured server, or the embedded one under {@code
 * <var>/postgres}, started for as long as the target is open.
 */
public final class PublishTarget implements AutoCloseable {
  private final PublishSettings settings;
  private final EmbeddedPostgres embedded;

  private PublishTarget(PublishSettings settings, EmbeddedPostgres embedded) {
    this.settings = settings;
    this.embedded = embedded;
  }

  public static PublishTarget open(PublishSettings settings, Path varDir) {
    if (!settings.embedded()) {
      return new PublishTarget(settings, null);
    }
    EmbeddedPostgres server = EmbeddedPostgres.start(varDir, settings.embeddedPort());
    return new PublishTarget(resolved(settings), server);
  }

  /** The settings with the embedded server's address filled in when no url is configured. */
  public static PublishSettings resolved(PublishSettings settings) {
    return settings.embedded()
        ? settings.withUrl(
            EmbeddedPostgres.jdbcUrl(settings.embeddedPort(), "postgres"),
            EmbeddedPostgres.SUPERUSER,
            null)
        : settings;
  }

  public PublishSettings settings() {
    return settings;
  }

  public String biConnection() {
    return biConnection(settings);
  }

  /** What a BI tool (Metabase, Superset, Tableau) needs to connect, one setting per line. */
  public static String biConnection(PublishSettings settings) {
    String address = settings.url().replaceFirst("^jdbc:postgresql://", "");
    String hostPort = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
    String database = address.contains("/") ? address.substring(address.indexOf('/') + 1) : "";
    String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
    String port = hostPort.contains(":") ? hostPort.substring(hostPort.indexOf(':') + 1) : "5432";
    return String.join(
        "\n",
        "host:     " + host,
        "port:     " + port,
        "database: " + database.replaceFirst("\\?.*", ""),
        "user:     " + settings.biRole(),
        "password: " + settings.biPassword(),
        "schema:   "
            + settings.schema()
            + " (views "
            + settings.schema()
            + "."
            + PostgresPublisher.VIEW_VERSION
            + "<table>)",
        "jdbc:     " + settings.url());
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
