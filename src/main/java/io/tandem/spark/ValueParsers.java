package io.tandem.spark;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Parses the value conventions of vendor extracts (see shared design, sources.md): Salesforce and
 * ISO datetimes with any offset style, the forms warehouses unload connector tables in (a space
 * before the offset, a {@code UTC} suffix, a one-digit hour), epoch milliseconds, GA4 {@code
 * YYYYMMDD} dates, and the usual boolean spellings. Empty strings are null. The same functions
 * validate rows at ingest and cast them in silver models, so a row that passed ingest always casts.
 */
public final class ValueParsers {
  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, SignStyle.NOT_NEGATIVE)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalEnd()
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral("UTC")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private ValueParsers() {}

  /** A UTC instant; text without an offset is taken as UTC. Null for null or blank. */
  public static Instant instant(String text) {
    String value = blankToNull(text);
    if (value == null) {
      return null;
    }
    if (isDigits(value) && value.length() >= 11) {
      return Instant.ofEpochMilli(Long.parseLong(value));
    }
    if (value.length() == 10) {
      return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    var parsed = DATE_TIME.parse(value);
    LocalDateTime local = LocalDateTime.from(parsed);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.of(
              local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
          .toInstant();
    }
    return local.toInstant(ZoneOffset.UTC);
  }

  public static Timestamp timestamp(String text) {
    Instant instant = instant(text);
    return instant == null ? null : Timestamp.from(instant);
  }

  /** A calendar date from {@code YYYY-MM-DD}, {@code YYYYMMDD}, or the date part of a datetime. */
  public static LocalDate localDate(String text) {
    String value = blankToNull(text);
    if (value == null) {
      return null;
    }
    if (value.length() == 8 && isDigits(value)) {
      return LocalDate.parse(value, BASIC_DATE);
    }
    if (value.length() > 10) {
      return LocalDate.parse(value.substring(0, 10));
    }
    return LocalDate.parse(value);
  }

  public static Date date(String text) {
    LocalDate date = localDate(text);
    return date == null ? null : Date.valueOf(date);
  }

  public static Boolean bool(String text) {
    String value = blankToNull(text);
    if (value == null) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "t", "y" -> Boolean.TRUE;
      case "false", "0", "no", "f", "n" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException("not a boolean: '" + value + "'");
    };
  }

  public static BigDecimal decimal(String text) {
    String value = blankToNull(text);
    return value == null ? null : new BigDecimal(value);
  }

  public static Long integer(String text) {
    String value = blankToNull(text);
    return value == null ? null : new BigDecimal(value).longValueExact();
  }

  /**
   * Checks that {@code text} reads as {@code type}; returns null when it does, else a reason a
   * person understands.
   */
  public static String problem(String type, String text) {
    if (blankToNull(text) == null) {
      return null;
    }
    try {
      switch (type) {
        case "timestamp" -> instant(text);
        case "date" -> localDate(text);
        case "boolean" -> bool(text);
        case "decimal", "double" -> decimal(text);
        case "long", "integer" -> integer(text);
        case "string", "json" -> {}
        default -> throw new IllegalArgumentException("unknown contract type '" + type + "'");
      }
      return null;
    } catch (DateTimeParseException | ArithmeticException | IllegalArgumentException e) {
      return "value '" + abbreviate(text) + "' is not a valid " + type;
    }
  }

  private static String blankToNull(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  private static boolean isDigits(String value) {
    return value.chars().allMatch(Character::isDigit);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
