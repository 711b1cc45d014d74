package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueParsersTest {

  @ParameterizedTest
  @CsvSource({
    "2026-11-20T14:03:11.000+0000, 2026-11-20T14:03:11Z",
    "2026-11-20T14:03:11Z, 2026-11-20T14:03:11Z",
    "2026-11-20T14:03:11+00:00, 2026-11-20T14:03:11Z",
    "2026-11-20T16:03:11.500+0200, 2026-11-20T14:03:11.500Z",
    "2026-11-20 14:03:11, 2026-11-20T14:03:11Z",
    "2026-11-20 14:03:11.123000 UTC, 2026-11-20T14:03:11.123Z",
    "2026-11-20 16:03:11.123 +0200, 2026-11-20T14:03:11.123Z",
    "2026-11-20 14:03:11 +00:00, 2026-11-20T14:03:11Z",
    "2026-11-20 2:20:51, 2026-11-20T02:20:51Z",
    "2026-11-20T14:03:11.401, 2026-11-20T14:03:11.401Z",
    "2026-11-20T14:03:11.123456Z, 2026-11-20T14:03:11.123456Z",
    "1795183391000, 2026-11-20T14:03:11Z",
    "2026-11-20, 2026-11-20T00:00:00Z"
  })
  void readsEveryTimestampConventionAsUtc(String text, String expected) {
    assertThat(ValueParsers.instant(text)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void readsDatesBooleansAndBlanks() {
    assertThat(ValueParsers.localDate("20261120")).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(ValueParsers.localDate("2026-11-20T14:03:11Z"))
        .isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(ValueParsers.bool("TRUE")).isTrue();
    assertThat(ValueParsers.bool("0")).isFalse();
    assertThat(ValueParsers.bool(" ")).isNull();
    assertThat(ValueParsers.instant("")).isNull();
  }

  @Test
  void problemNamesTheValueAndTheType() {
    assertThat(ValueParsers.problem("timestamp", "yesterday"))
        .isEqualTo("value 'yesterday' is not a valid timestamp");
    assertThat(ValueParsers.problem("date", "20260-11-20"))
        .isEqualTo("value '20260-11-20' is not a valid date");
    assertThat(ValueParsers.problem("boolean", "maybe"))
        .isEqualTo("value 'maybe' is not a valid boolean");
    assertThat(ValueParsers.problem("long", "1.5")).isEqualTo("value '1.5' is not a valid long");
    assertThat(ValueParsers.problem("decimal", "12.50")).isNull();
    assertThat(ValueParsers.problem("timestamp", null)).isNull();
  }

  /** Ingest accepts only what silver's casts and Spark's types take, so conform never fails. */
  @Test
  void valuesMustFitWhatSilverCastsThemTo() {
    assertThat(ValueParsers.problem("long", "10.0")).isNull(); // parse_long reads it as 10
    assertThat(ValueParsers.problem("decimal(5,2)", "999.994")).isNull();
    assertThat(ValueParsers.problem("decimal(5,2)", "999.995")) // rounds to 1000.00
        .isEqualTo(
            "value '999.995' has more than 3 digits before the decimal point (decimal(5,2))");
    assertThat(ValueParsers.problem("decimal(18,2)", "1e17")).contains("more than 16 digits");
    assertThat(ValueParsers.problem("timestamp", "+10000-01-01T00:00:00Z"))
        .isEqualTo("value '+10000-01-01T00:00:00Z' is outside the years 1 to 9999");
    assertThat(ValueParsers.problem("date", "0000-12-31")).contains("outside the years 1 to 9999");
    assertThat(ValueParsers.problem("epoch_micros", "1762819200000000")).isNull();
    assertThat(ValueParsers.problem("epoch_micros", "9223372036854775807"))
        .contains("outside the years");
    assertThat(ValueParsers.problem("json", "urn:li:sponsoredCampaign:1")).isNull();
    assertThat(ValueParsers.jsonProblem("[{\"key\": 1}", List.of("int_value")))
        .contains("is not valid JSON");
    String params = "[{\"key\": \"ga_session_id\", \"value\": {\"int_value\": %s}}]";
    assertThat(ValueParsers.jsonProblem(params.formatted("\"17\""), List.of("int_value"))).isNull();
    assertThat(ValueParsers.jsonProblem(params.formatted("10.0"), List.of("int_value"))).isNull();
    assertThat(ValueParsers.jsonProblem(params.formatted("\"ten\""), List.of("int_value")))
        .isEqualTo("value 'ten' of int_value is not a valid integer");
  }
}
