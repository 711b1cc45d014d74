package io.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every SQL file under sql/ passes SQLFluff with the project's rules (.sqlfluff: Spark's dialect,
 * keywords in capitals, functions and names in lower case, lines up to 120 characters). Where
 * SQLFluff is not installed the tests are skipped, except under .ci/run, which installs it.
 */
class SqlLintTest {
  private static final String REQUIRED = "TANDEM_SQLFLUFF_REQUIRED";

  @Test
  void everySqlFilePassesTheLinter() throws Exception {
    Result lint = sqlfluff(List.of("lint", "--processes", "2", "sql"), null);
    assertThat(lint.exit()).as("sqlfluff lint sql\n%s", lint.output()).isZero();
  }

  @Test
  void theLinterHoldsSqlToTheProjectsCapitalisation() throws Exception {
    Result lint = sqlfluff(List.of("lint", "-"), "select Upper(x) as y from t\n");
    assertThat(lint.exit()).as(lint.output()).isNotZero();
    assertThat(lint.output()).contains("L010").contains("L030");
  }

  private record Result(int exit, String output) {}

  private static Result sqlfluff(List<String> arguments, String input) throws Exception {
    Path binary = onPath("sqlfluff").orElse(null);
    if (binary == null) {
      assertThat(System.getenv(REQUIRED))
          .as("sqlfluff is not installed; .ci/run installs it (apt-get install sqlfluff)")
          .isNull();
      Assumptions.abort("sqlfluff is not installed (apt-get install sqlfluff)");
    }
    List<String> command = Stream.concat(Stream.of(binary.toString()), arguments.stream()).toList();
    Process process =
        new ProcessBuilder(command)
            .directory(TestPaths.home().toFile())
            .redirectErrorStream(true)
            .start();
    if (input != null) {
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static Optional<Path> onPath(String name) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(folder -> Path.of(folder, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
