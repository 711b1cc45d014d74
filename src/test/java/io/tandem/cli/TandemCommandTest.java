package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI answers before any Spring context, job repository or Spark session exists. */
class TandemCommandTest {
  private record Answer(Optional<Integer> exitCode, String out, String err) {}

  private static Answer answer(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      Optional<Integer> code = TandemCommand.answerWithoutContext(args);
      return new Answer(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpAndTheBareCommandListTheCommands() {
    for (String[] args : new String[][] {{"--help"}, {}, {"help"}}) {
      Answer answer = answer(args);
      assertThat(answer.exitCode()).contains(0);
      assertThat(answer.out()).contains("Usage: tandem", "run", "backfill", "erase");
    }
  }

  @Test
  void aCommandsHelpShowsItsOptions() {
    Answer answer = answer("run", "--help");

    assertThat(answer.exitCode()).contains(0);
    assertThat(answer.out()).contains("Usage: tandem run", "--date", "--landing", "--warehouse");
    assertThat(answer("help", "backfill").out()).contains("Usage: tandem backfill", "--from");
  }

  @Test
  void aUsageErrorIsExitCodeTwoWithTheReason() {
    Answer badDate = answer("run", "--date", "2026-13-45");
    Answer unknown = answer("runn");

    assertThat(badDate.exitCode()).contains(2);
    assertThat(badDate.err()).contains("'2026-13-45' is not a date: use YYYY-MM-DD");
    assertThat(unknown.exitCode()).contains(2);
    assertThat(unknown.err()).contains("Unmatched argument", "runn", "Did you mean: tandem run");
  }

  @Test
  void aCommandWithWorkToDoIsLeftToTheApplication() {
    assertThat(answer("run", "--date", "2026-11-20").exitCode()).isEmpty();
  }

  @Test
  void runsReadsTheEmbeddedJobRepositoryWithoutSpringAndLeavesAConfiguredOneToIt(
      @TempDir Path var) {
    System.setProperty("tandem.var-dir", var.toString());
    try {
      Answer none = answer("runs");
      assertThat(none.exitCode()).contains(0);
      assertThat(none.out()).contains("No runs yet: no job repository in " + var);

      System.setProperty("spring.profiles.active", "postgres");
      assertThat(answer("runs").exitCode())
          .as("the postgres profile: Spring resolves it")
          .isEmpty();
    } finally {
      System.clearProperty("tandem.var-dir");
      System.clearProperty("spring.profiles.active");
    }
  }
}
