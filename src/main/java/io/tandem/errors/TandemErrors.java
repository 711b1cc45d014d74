package io.tandem.errors;

import io.tandem.storage.Location;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The one place where user-facing errors are worded. Each message reads "Cannot &lt;verb&gt;
 * &lt;thing&gt;: &lt;reason&gt;" followed by what to do about it.
 */
public final class TandemErrors {
  public static final int USAGE = 2;
  public static final int DATA = 3;
  public static final int RUN_FAILED = 1;
  public static final int BUSY = 4;

  private TandemErrors() {}

  public static TandemException badDate(String option, String value) {
    return new TandemException(
        "Cannot read "
            + option
            + " '"
            + value
            + "': expected a calendar date as YYYY-MM-DD, for example 2026-11-20.",
        USAGE,
        null);
  }

  public static TandemException badRange(String from, String to) {
    return new TandemException(
        "Cannot backfill from " + from + " to " + to + ": --from must not be after --to.",
        USAGE,
        null);
  }

  public static TandemException noLandingFiles(Location landing, String businessDate) {
    return new TandemException(
        "Cannot run the nightly job for "
            + businessDate
            + ": no extract files dated on or before "
            + businessDate
            + " under "
            + landing
            + " (expected landing/<source>/<object>/<YYYY-MM-DD>/<files>). Point --landing at"
            + " the folder your connectors write to, or run 'bin/tandem generate' for demo data.",
        DATA,
        null);
  }

  public static TandemException missingConfig(Path file, String what) {
    return new TandemException(
        "Cannot read "
            + what
            + " from "
            + file
            + ": the file does not exist. Set TANDEM_HOME to"
            + " the Tandem folder that holds conf/, schemas/ and sql/.",
        USAGE,
        null);
  }

  public static TandemException badConfig(Path file, String reason, Throwable cause) {
    return new TandemException(
        "Cannot read configuration " + file + ": " + reason + ". Fix the file and run again.",
        USAGE,
        cause);
  }

  public static TandemException emailKeyMissing(Location landing) {
    return new TandemException(
        "TANDEM_EMAIL_KEY is not set, and "
            + landing
            + " is not the demo company's data: e-mail addresses would be hashed with the public"
            + " demo key, which anyone can reverse by guessing addresses."
            + "\n  Set TANDEM_EMAIL_KEY to a secret (for example: openssl rand -hex 32) and keep it"
            + " as long as the warehouse; for a trial on data that is not personal, set"
            + " TANDEM_ALLOW_DEMO_KEY=true.",
        USAGE,
        null);
  }

  public static TandemException emailKeyMismatch(
      Location warehouse, String recorded, String current, boolean builtWithDemoKey) {
    return new TandemException(
        "The warehouse "
            + warehouse
            + " was built with "
            + (builtWithDemoKey ? "the public demo key" : "another TANDEM_EMAIL_KEY")
            + " (key fingerprint "
            + recorded
            + "; this shell's is "
            + current
            + "): its hashed e-mail addresses would match nobody."
            + "\n  Set TANDEM_EMAIL_KEY to the key the warehouse was built with, or build a new"
            + " warehouse with this key (run backfill with another --warehouse).",
        USAGE,
        null);
  }

  public static TandemException confBreaksSchema(Path file, List<String> problems) {
    return new TandemException(
        "Cannot run with "
            + file
            + ":\n  - "
            + String.join("\n  - ", problems)
            + "\n  Fix the file (schemas/conf/ lists every key and its allowed values) and run again.",
        USAGE,
        null);
  }

  public static TandemException missingRequiredColumns(
      Path file, Collection<String> columns, String contract) {
    return new TandemException(
        "Cannot ingest "
            + file
            + ": required column(s) "
            + String.join(", ", columns)
            + " missing from the header. Add them to the extract, or add the header's name as an"
            + " alias in "
            + contract
            + ".",
        DATA,
        null);
  }

  public static TandemException sqlModelFailed(String model, Path file, Throwable cause) {
    return new TandemException(
        "Cannot build model " + model + " from " + file + ": " + rootMessage(cause),
        RUN_FAILED,
        cause);
  }

  public static TandemException tableBreaksContract(
      String table, Path contract, List<String> problems) {
    return new TandemException(
        "Cannot write "
            + table
            + ": its rows do not match "
            + contract
            + ": "
            + String.join("; ", problems)
            + ". Change the code that builds it or the contract, so the two agree.",
        RUN_FAILED,
        null);
  }

  public static TandemException unknownTable(String table) {
    return new TandemException(
        "Cannot query "
            + table
            + ": no such table in the warehouse. List tables with: bin/tandem sql \"show tables"
            + " in gold\".",
        USAGE,
        null);
  }

  public static TandemException noKpisYet(Location warehouse) {
    return new TandemException(
        "Cannot plan: the warehouse "
            + warehouse
            + " has no KPI tables yet. Build them with bin/tandem run --date <business date> (or"
            + " bin/tandem demo), or pass --warehouse.",
        DATA,
        null);
  }

  public static TandemException quarterNotPlanned(String quarter, List<String> plannable) {
    return new TandemException(
        "Cannot plan "
            + quarter
            + ": the plan covers the as-of date's quarter and the next ones with a won_revenue"
            + " target ("
            + (plannable.isEmpty() ? "none" : String.join(", ", plannable))
            + "). Pick one of those, give --revenue, or set conf/definitions.yml"
            + " plan.quarters_ahead.",
        USAGE,
        null);
  }

  public static TandemException queryFailed(String query, Throwable cause) {
    return new TandemException(
        "Cannot run query: " + rootMessage(cause) + "\n  query: " + query, USAGE, cause);
  }

  public static TandemException jobFailed(String runId, String step, String reason, Path report) {
    return new TandemException(
        "Nightly run "
            + runId
            + " failed in step '"
            + step
            + "': "
            + reason
            + "\n  report: "
            + report
            + "\n  Fix the cause and run the same command again: the run resumes at the failed"
            + " step.",
        RUN_FAILED,
        null);
  }

  public static TandemException qualityGateFailed(java.util.List<String> failures) {
    return new TandemException(
        "Cannot publish: "
            + failures.size()
            + " blocking quality check(s) failed:\n  - "
            + String.join("\n  - ", failures)
            + "\n  Fix the model or the source data; to publish anyway set quality.on_failure: warn"
            + " in conf/definitions.yml.",
        RUN_FAILED,
        null);
  }

  public static TandemException warehouseBusy(String warehouse, String holder) {
    return new TandemException(
        "Cannot run: another Tandem run is writing to "
            + warehouse
            + " ("
            + (holder.isEmpty() ? "holder unknown" : holder)
            + "). Wait for it to end (bin/tandem runs shows it) and run again.",
        BUSY,
        null);
  }

  public static TandemException varHoldsAnotherWarehouse(
      Path varDir, String recorded, Location warehouse) {
    return new TandemException(
        "Cannot use "
            + warehouse
            + ": the var folder "
            + varDir
            + " (job repository, run reports, published database) belongs to the warehouse "
            + recorded
            + ". Two warehouses on one var folder would publish over each other. Give this"
            + " warehouse a var folder of its own (TANDEM_VAR_DIR), or pass --warehouse "
            + recorded
            + ".",
        USAGE,
        null);
  }

  public static TandemException cannotWrite(Path path, Throwable cause) {
    return new TandemException(
        "Cannot write " + path + ": " + rootMessage(cause) + ". Check the folder and free space.",
        RUN_FAILED,
        cause);
  }

  /**
   * What to tell a user about a failure: a Tandem error's whole message (it says what, where and
   * what to do), else the first line of the root cause's.
   */
  /** A row of a replacement that its condition does not hold for (rows and condition disagree). */
  public static String rowOutsideReplacement(String table, String predicate) {
    return "A row written to "
        + table
        + " is outside the rows it replaces ("
        + predicate
        + "): the rows and the condition disagree. For a model, make its query keep only rows"
        + " its '-- incremental: replace where' line holds for.";
  }

  public static String userMessage(Throwable error) {
    return error instanceof TandemException ? error.getMessage() : rootMessage(error);
  }

  public static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String firstLine = message.lines().findFirst().orElse(message);
    // On a cluster this is an executor missing a library the driver has.
    if (root instanceof ClassNotFoundException || root instanceof NoClassDefFoundError) {
      return "class not found: "
          + firstLine
          + "; on a Spark cluster, pass the jar that holds it to spark-submit --jars"
          + " (jobs/nightly/spark-submit.sh passes target/executor-lib)";
    }
    // Spark's words when its context was stopped under the job, as a cluster manager does.
    if (firstLine.contains("No active or default Spark session")) {
      return "Spark stopped during the step ("
          + firstLine
          + "); on a cluster the master ends an application whose executors keep failing to"
          + " start: read the driver log's 'Executor updated' lines and the worker's executor logs";
    }
    return firstLine;
  }
}
