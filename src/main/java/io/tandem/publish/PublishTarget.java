package io.tandem.publish;

import java.nio.file.Path;

/**
 * The PostgreSQL that gold is published to: the configured server, or the embedded one under {@code
 * <var>/postgres}, started for as long as the target is open. Its settings carry the passwords: the
 * embedded superuser's and, unless configured, the BI role's, both generated in {@code
 * <var>/secrets/}.
 */
public final class PublishTarget implements AutoCloseable {
  private final PublishSettings settings;
  private final EmbeddedPostgres embedded;
  private final String biPasswordSource;

  private PublishTarget(
      PublishSettings settings, EmbeddedPostgres embedded, String biPasswordSource) {
    this.settings = settings;
    this.embedded = embedded;
    this.biPasswordSource = biPasswordSource;
  }

  public static PublishTarget open(PublishSettings settings, Path varDir) {
    PublishSettings resolved = resolved(settings, varDir);
    String source = biPasswordSource(settings, varDir);
    if (!settings.embedded()) {
      return new PublishTarget(resolved, null, source);
    }
    EmbeddedPostgres server =
        EmbeddedPostgres.start(
            varDir, settings.embeddedPort(), settings.listenAddress(), resolved.password());
    return new PublishTarget(resolved, server, source);
  }

  /**
   * The settings with the embedded server's address and superuser filled in when no url is
   * configured, and the BI password generated when none is set.
   */
  private static PublishSettings resolved(PublishSettings settings, Path varDir) {
    PublishSettings server =
        settings.embedded()
            ? settings.withUrl(
                EmbeddedPostgres.jdbcUrl(settings.embeddedPort(), "postgres"),
                EmbeddedPostgres.SUPERUSER,
                Secrets.readOrCreate(varDir, Secrets.SUPERUSER))
            : settings;
    return settings.biPassword() != null
        ? server
        : server.withBiPassword(Secrets.readOrCreate(varDir, Secrets.BI_PASSWORD));
  }

  /** Where a person reads the BI password: never the password itself. */
  private static String biPasswordSource(PublishSettings settings, Path varDir) {
    return settings.biPassword() != null
        ? "the value of TANDEM_PUBLISH_BIPASSWORD (tandem.publish.bi-password)"
        : "in " + Secrets.file(varDir, Secrets.BI_PASSWORD) + " (readable by its owner only)";
  }

  public PublishSettings settings() {
    return settings;
  }

  public String biConnection() {
    return biConnection(settings, biPasswordSource);
  }

  /**
   * What a BI tool (Metabase, Superset, Tableau) needs to connect, one setting per line; the
   * password as where to read it.
   */
  public static String biConnection(PublishSettings settings, Path varDir) {
    return biConnection(resolved(settings, varDir), biPasswordSource(settings, varDir));
  }

  private static String biConnection(PublishSettings settings, String biPasswordSource) {
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
        "password: " + biPasswordSource,
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
