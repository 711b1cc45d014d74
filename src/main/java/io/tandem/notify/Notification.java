package io.tandem.notify;

/**
 * One message about a run: a subject line, a plain-text body, an HTML body for mail (null: the text
 * is the mail), and for a message sent only once (the weekly digest) the key that marks it sent.
 */
public record Notification(String event, String subject, String text, String html, String onceKey) {
  static Notification always(String event, String subject, String text) {
    return new Notification(event, subject, text, null, null);
  }
}
