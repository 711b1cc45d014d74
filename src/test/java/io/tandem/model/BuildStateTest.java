package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {
  @TempDir Path dir;

  @Test
  void aRuleChangeMakesAnotherFingerprintAndWhereToRunDoesNot() throws IOException {
    Path conf = dir.resolve("conf");
    TestPaths.confCopy(TestPaths.home().resolve("conf"), conf, "definitions.yml", "", "");
    TandemSettings settings =
        new TandemSettings(TestPaths.home().toString(), conf.toString(), null, null, null);
    String before = BuildState.fingerprint(settings);

    Files.writeString(
        conf.resolve("application.yml"),
        "\n# a comment\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(conf.resolve("jvm.options"), "-Xmx1g\n");
    assertThat(BuildState.fingerprint(settings)).as("where and how to run").isEqualTo(before);

    TestPaths.edit(conf.resolve("definitions.yml"), "sla_hours: 24", "sla_hours: 48");
    assertThat(BuildState.fingerprint(settings)).as("a business rule").isNotEqualTo(before);
  }

  @Test
  void theStateIsReadAsWrittenAndAnUnreadableOneIsNone() throws IOException {
    Storage storage = new Storage(new Configuration());
    Location warehouse = Location.of(dir);
    assertThat(BuildState.read(storage, warehouse)).isEmpty();

    BuildState state = new BuildState(LocalDate.of(2026, 11, 20), "0123456789ab", 7);
    state.write(storage, warehouse);
    assertThat(BuildState.read(storage, warehouse)).contains(state);
    assertThat(Files.readString(dir.resolve(BuildState.FILE)))
        .as("a date people can read")
        .contains("\"business_date\":\"2026-11-20\"");

    Files.writeString(dir.resolve(BuildState.FILE), "{\"business_date\": \"2026-11-\"");
    assertThat(BuildState.read(storage, warehouse)).as("a full build follows").isEmpty();
  }
}
