package io.tandem.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step did, for the console and the run report: rows in and out, a count per table it wrote,
 * and notes a person should read (drift, rejected files, steps with no work yet).
 */
public final class StepOutcome {
  private long rowsIn;
  private long rowsOut;
  private final Map<String, Long> tables = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  public static StepOutcome noWork(String why) {
    StepOutcome outcome = new StepOutcome();
    outcome.note("no work yet: " + why);
    return outcome;
  }

  public StepOutcome addRowsIn(long rows) {
    rowsIn += rows;
    return this;
  }

  public StepOutcome table(String table, long rows) {
    tables.put(table, rows);
    rowsOut += rows;
    return this;
  }

  public StepOutcome detail(String key, Object value) {
    details.put(key, value);
    return this;
  }

  public StepOutcome note(String note) {
    notes.add(note);
    return this;
  }

  public long rowsIn() {
    return rowsIn;
  }

  public long rowsOut() {
    return rowsOut;
  }

  public Map<String, Long> tables() {
    return tables;
  }

  public Map<String, Object> details() {
    return details;
  }

  public List<String> notes() {
    return notes;
  }
}
