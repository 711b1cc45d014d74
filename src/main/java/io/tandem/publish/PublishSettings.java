package io.tandem.publish;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where gold is published for BI tools ({@code tandem.publish.*} in conf/application.yml, or
 * TANDEM_PUBLISH_* in the environment). Without a url, Tandem publishes to its embedded PostgreSQL
 * under {@code <var>/postgres} on {@code embeddedPort}, listening on {@code listenAddress}
 * (loopback unless set). Without {@code biPassword} the BI role's password is generated and kept in
 * {@code <var>/secrets/bi-password}.
 */
@ConfigurationProperties(prefix = "tandem.publish")
public record PublishSettings(
    String url,
    String user,
    String password,
    String schema,
    String biRole,
    String biPassword,
    Integer embeddedPort,
    Integer lockTimeoutSeconds,
    String listenAddress) {

  public PublishSettings {
    schema = schema == null ? "tandem" : schema;
    biRole = biRole == null ? "tandem_bi" : biRole;
    biPassword = biPassword == null || biPassword.isBlank() ? null : biPassword;
    embeddedPort = embeddedPort == null ? 54329 : embeddedPort;
    lockTimeoutSeconds = lockTimeoutSeconds == null ? 10 : lockTimeoutSeconds;
    listenAddress = listenAddress == null || listenAddress.isBlank() ? "127.0.0.1" : listenAddress;
  }

  public boolean embedded() {
    return url == null || url.isBlank();
  }

  public PublishSettings withUrl(String newUrl, String newUser, String newPassword) {
    return new PublishSettings(
        newUrl,
        newUser,
        newPassword,
        schema,
        biRole,
        biPassword,
        embeddedPort,
        lockTimeoutSeconds,
        listenAddress);
  }

  public PublishSettings withBiPassword(String newBiPassword) {
    return new PublishSettings(
        url,
        user,
        password,
        schema,
        biRole,
        newBiPassword,
        embeddedPort,
        lockTimeoutSeconds,
        listenAddress);
  }
}
