package io.tandem.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern DECIMAL_TYPE =
      Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
  private static final ObjectMapper JSON = new ObjectMapper();

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
   * Checks that {@code text} reads as {@code type} and fits what silver casts it to; returns null
   * when it does, else a reason a person understands. Types: string, json, boolean, long, decimal,
   * {@code decimal(p,s)} (at most p−s digits before the point, as silver's {@code CAST(… AS
   * DECIMAL(p, s))} needs), double, date and timestamp (years 1 to 9999, Spark's range), and
   * epoch_micros (a long of microseconds since 1970 within the same years). A json column is any
   * text: silver parses it leniently, and connectors write some as plain values (Stitch's LinkedIn
   * {@code pivot_value}); see {@link #jsonProblem} for one whose fields silver reads as integers.
   */
  public static String problem(String type, String text) {
    if (blankToNull(text) == null) {
      return null;
    }
    try {
      Matcher decimalType = DECIMAL_TYPE.matcher(type);
      if (decimalType.matches()) {
        return fitsDecimal(
            text, Integer.parseInt(decimalType.group(1)), Integer.parseInt(decimalType.group(2)));
      }
      return switch (type) {
        case "timestamp" -> inYearRange(text, instant(text).atOffset(ZoneOffset.UTC).getYear());
        case "date" -> inYearRange(text, localDate(text).getYear());
        case "epoch_micros" ->
            inYearRange(
                text,
                Instant.EPOCH
                    .plus(integer(text), ChronoUnit.MICROS)
                    .atOffset(ZoneOffset.UTC)
                    .getYear());
        case "string", "json" -> null;
        default -> {
          parse(type, text);
          yield null;
        }
      };
    } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
      // decimal(10,2) reads as a decimal first: name the kind of value expected
      return "value '" + abbreviate(text) + "' is not a valid " + type.replaceFirst("\\(.*", "");
    }
  }

  private static void parse(String type, String text) {
    switch (type) {
      case "boolean" -> bool(text);
      case "decimal", "double" -> decimal(text);
      case "long", "integer" -> integer(text);
      default -> throw new IllegalStateException("unknown contract type '" + type + "'");
    }
  }

  /**
   * Checks a json column whose fields {@code integerFields} silver reads as integers (GA4's {@code
   * int_value}, with {@code parse_long}): well-formed JSON, and each such field, at any depth, an
   * integer.
   */
  public static String jsonProblem(String text, List<String> integerFields) {
    try {
      JsonNode tree = JSON.readTree(text);
      for (String field : integerFields) {
        for (JsonNode node : tree.findValues(field)) {
          String value = node.isValueNode() ? node.asText() : node.toString();
          if (!node.isNull() && problem("long", value) != null) {
            return "value '" + abbreviate(value) + "' of " + field + " is not a valid integer";
          }
        }
      }
      return null;
    } catch (JsonProcessingException e) {
      return "value '" + abbreviate(text) + "' is not valid JSON: " + e.getOriginalMessage();
    }
  }

  private static String fitsDecimal(String text, int precision, int scale) {
    BigDecimal value = decimal(text).setScale(scale, RoundingMode.HALF_UP);
    if (value.precision() - value.scale() > precision - scale) {
      return "value '"
          + abbreviate(text)
          + "' has more than "
          + (precision - scale)
          + " digits before the decimal point (decimal("
          + precision
          + ","
          + scale
          + "))";
    }
    return null;
  }

  private static String inYearRange(String text, int year) {
    return year >= 1 && year <= 9999
        ? null
        : "value '" + abbreviate(text) + "' is outside the years 1 to 9999";
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
