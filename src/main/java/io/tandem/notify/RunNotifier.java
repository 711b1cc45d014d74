package io.tandem.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.runs.JobParameterNames;
import io.tandem.runs.RunReportWriter;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends what a finished run has to tell ({@link RunNotifications}) to the webhook and the mail
 * recipients of {@link NotifySettings}. A message that cannot be delivered is logged and never
 * changes the run's outcome. Messages sent once (the weekly digest) are listed in {@code
 * <var>/notify/sent.txt}, so a rerun does not send a week twice.
 */
@Component
public class RunNotifier implements JobExecutionListener {
  private static final Logger log = LoggerFactory.getLogger("io.tandem.progress");
  private static final ObjectMapper JSON = new ObjectMapper();
  // Slack shows up to 40,000 characters but truncates long texts; the mail carries the whole.
  private static final int WEBHOOK_TEXT_LIMIT = 3_000;

  private final NotifySettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public RunNotifier(NotifySettings settings) {
    this.settings = settings;
  }

  @Override
  public void afterJob(JobExecution execution) {
    boolean mail = settings.smtp().configured();
    if (settings.webhookUrl().isEmpty() && !mail) {
      return;
    }
    Path sentList =
        Path.of(execution.getJobParameters().getString(JobParameterNames.VAR_DIR))
            .resolve("notify/sent.txt");
    Map<String, Object> report = RunReportWriter.report(execution);
    for (Notification notification :
        RunNotifications.of(
            report, RunReportWriter.reportFile(execution), key -> !sent(sentList, key))) {
      if (!settings.wants(notification.event())) {
        continue;
      }
      boolean delivered = !settings.webhookUrl().isEmpty() && postToWebhook(notification);
      delivered |= mail && sendMail(notification);
      if (delivered && notification.onceKey() != null) {
        markSent(sentList, notification.onceKey());
      }
    }
  }

  private boolean postToWebhook(Notification notification) {
    String text = "*" + notification.subject() + "*\n" + notification.text();
    if (text.length() > WEBHOOK_TEXT_LIMIT) {
      text = text.substring(0, WEBHOOK_TEXT_LIMIT) + "\n… (cut; the mail and the page have it all)";
    }
    URI uri = URI.create(settings.webhookUrl());
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("text", text))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 == 2) {
        return true;
      }
      undelivered(notification, "the webhook at " + uri.getHost(), "HTTP " + response.statusCode());
    } catch (IOException e) {
      undelivered(notification, "the webhook at " + uri.getHost(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private boolean sendMail(Notification notification) {
    NotifySettings.Smtp smtp = settings.smtp();
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost(smtp.host());
    sender.setPort(smtp.port());
    if (!smtp.user().isEmpty()) {
      sender.setUsername(smtp.user());
      sender.setPassword(smtp.password());
      sender.getJavaMailProperties().put("mail.smtp.auth", "true");
    }
    sender.getJavaMailProperties().put("mail.smtp.starttls.enable", smtp.starttls().toString());
    sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "10000");
    sender.getJavaMailProperties().put("mail.smtp.timeout", "20000");
    try {
      var message = sender.createMimeMessage();
      MimeMessageHelper helper =
          new MimeMessageHelper(
              message, notification.html() != null, StandardCharsets.UTF_8.name());
      helper.setFrom(smtp.from());
      helper.setTo(smtp.to().toArray(String[]::new));
      helper.setSubject(notification.subject());
      if (notification.html() == null) {
        helper.setText(notification.text());
      } else {
        helper.setText(notification.text(), notification.html());
      }
      sender.send(message);
      return true;
    } catch (MessagingException | MailException e) {
      undelivered(notification, "mail via " + smtp.host() + ":" + smtp.port(), e.getMessage());
      return false;
    }
  }

  private static void undelivered(Notification notification, String where, String why) {
    log.warn(
        "Could not send '{}' to {}: {}. The run's outcome is unchanged; check tandem.notify in"
            + " conf/application.yml.",
        notification.subject(),
        where,
        why);
  }

  private static boolean sent(Path sentList, String key) {
    try {
      return Files.exists(sentList) && Files.readAllLines(sentList).contains(key);
    } catch (IOException e) {
      return false;
    }
  }

  private static void markSent(Path sentList, String key) {
    try {
      Files.createDirectories(sentList.getParent());
      Files.write(sentList, List.of(key), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("Could not record the digest as sent in {}: {}", sentList, e.toString());
    }
  }
}
