package io.tandem.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Value formatting shared by the demo's vendor writers; all output must be reproducible. */
final class DemoFormats {
  private static final DateTimeFormatter SALESFORCE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoFormats() {}

  static LocalDate day(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** Salesforce style: {@code 2026-11-20T14:03:11.000+0000}. */
  static String salesforceTime(Instant instant) {
    return SALESFORCE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** ISO-8601 UTC with milliseconds, as the HubSpot v3 API writes it. */
  static String isoTime(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static String emptyIfNull(Object value) {
    return value == null ? "" : value.toString();
  }

  /** A map that keeps its keys in the order given, so JSON output is reproducible. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
