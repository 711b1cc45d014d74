package io.tandem.notify;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who hears about a run ({@code tandem.notify.*} in conf/application.yml; the webhook url and the
 * SMTP password come from the environment): a Slack-compatible webhook, mail over SMTP, or both.
 * {@code events} picks what is sent: {@code failure} (a failed run, including a quality gate that
 * blocked publishing), {@code quality_warning} (a run that completed with warnings) and {@code
 * digest} (each new weekly digest, once).
 */
@ConfigurationProperties(prefix = "tandem.notify")
public record NotifySettings(String webhookUrl, List<String> events, Smtp smtp) {
  public static final List<String> EVENTS = List.of("failure", "quality_warning", "digest");

  public NotifySettings {
    webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
    events = events == null ? EVENTS : events.stream().map(String::strip).toList();
    for (String event : events) {
      if (!EVENTS.contains(event)) {
        throw new IllegalArgumentException(
            "tandem.notify.events has '" + event + "'; allowed: " + String.join(", ", EVENTS));
      }
    }
    smtp = smtp == null ? new Smtp(null, null, null, null, null, null, null) : smtp;
  }

  /** An SMTP server and the addresses the mails go to; no host or no recipient: no mail. */
  public record Smtp(
      String host,
      Integer port,
      String user,
      String password,
      Boolean starttls,
      String from,
      List<String> to) {
    public Smtp {
      host = host == null ? "" : host.strip();
      port = port == null ? 587 : port;
      user = user == null ? "" : user;
      password = password == null ? "" : password;
      starttls = starttls == null || starttls;
      from = from == null || from.isBlank() ? "tandem@localhost" : from;
      to =
          to == null
              ? List.of()
              : to.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
    }

    boolean configured() {
      return !host.isEmpty() && !to.isEmpty();
    }
  }

  boolean wants(String event) {
    return events.contains(event);
  }
}
