package io.tandem.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TandemErrorsTest {
  @Test
  void theRootMessageIsTheFirstLineOfTheInnermostCause() {
    var error =
        new IllegalStateException("outer", new RuntimeException("disk full\n  at somewhere"));

    assertThat(TandemErrors.rootMessage(error)).isEqualTo("disk full");
  }

  @Test
  void aMissingClassNamesItAndTheJarsOptionThatShipsIt() {
    var error =
        new RuntimeException(
            "Job aborted due to stage failure",
            new ClassNotFoundException("org.postgresql.Driver"));

    assertThat(TandemErrors.rootMessage(error))
        .startsWith("class not found: org.postgresql.Driver;")
        .contains("spark-submit --jars");
  }

  @Test
  void aStoppedSparkSaysWhereTheClusterToldWhy() {
    var error = new IllegalStateException("No active or default Spark session found");

    assertThat(TandemErrors.rootMessage(error))
        .startsWith("Spark stopped during the step")
        .contains("executor logs");
  }
}
