package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.contracts.SourceContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A row that passes ingest always builds: every silver cast of a raw extract column is one that the
 * column's contract type guarantees. Dates, timestamps and integers are read with the same parse
 * functions ingest checks with (parse_date, parse_ts, parse_long), never with a CAST that ANSI mode
 * fails on; a CAST to DECIMAL(p, s) needs a contract type of at most p − s integer digits.
 */
class SilverCastsTest {
  private static final Pattern CAST =
      Pattern.compile(
          "CAST\\(\\s*(?:\\w+\\.)?(\\w+)\\s+AS\\s+(\\w+(?:\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\))?)\\s*\\)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL_TYPE = Pattern.compile("decimal\\((\\d+),(\\d+)\\)");

  @Test
  void everyCastOfAnExtractColumnFitsWhatIngestChecked() throws IOException {
    List<SourceContract> contracts = SourceContract.loadAll(TestPaths.home().resolve("schemas"));
    List<String> problems = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(TestPaths.home().resolve("sql/silver"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        String sql = Files.readString(file);
        Map<String, String> types = extractColumnTypes(sql, contracts);
        Matcher cast = CAST.matcher(sql);
        while (cast.find()) {
          String type = types.get(cast.group(1).toLowerCase(Locale.ROOT));
          if (type == null) {
            continue; // not an extract column: computed in the model
          }
          checked++;
          String problem = problem(type, cast);
          if (problem != null) {
            problems.add(
                file.getFileName() + ": " + cast.group() + " of a " + type + ": " + problem);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).as("casts of extract columns found").isGreaterThan(10);
  }

  /** The contract types of the raw columns the model reads, by column name. */
  private static Map<String, String> extractColumnTypes(
      String sql, List<SourceContract> contracts) {
    return contracts.stream()
        .filter(c -> sql.contains("latest_raw_" + c.source() + "_"))
        .flatMap(c -> c.columns().stream())
        .collect(
            Collectors.toMap(
                SourceContract.Column::name, SourceContract.Column::type, (a, b) -> a));
  }

  private static String problem(String contractType, Matcher cast) {
    String target = cast.group(2).toUpperCase(Locale.ROOT);
    if (target.startsWith("DECIMAL") && cast.group(3) != null) {
      int digits = Integer.parseInt(cast.group(3)) - Integer.parseInt(cast.group(4));
      Matcher declared = DECIMAL_TYPE.matcher(contractType);
      if (declared.matches()) {
        int declaredDigits =
            Integer.parseInt(declared.group(1)) - Integer.parseInt(declared.group(2));
        return declaredDigits <= digits
            ? null
            : "the contract allows " + declaredDigits + " digits";
      }
      return contractType.equals("long") && digits >= 19
          ? null
          : "declare the contract type as decimal(p,s) to match, so ingest checks the digits";
    }
    if (target.equals("DOUBLE") || target.equals("STRING")) {
      return null;
    }
    return "read it with parse_long, parse_date or parse_ts, which accept what ingest accepts";
  }
}
