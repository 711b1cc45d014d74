package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numeric rules of conf/definitions.yml are read as numbers, with errors that name the rule. */
class DefinitionsTest {
  @TempDir Path conf;

  @Test
  void numbersAndWholeNumbersAreReadAsSuch() throws Exception {
    Definitions rules = write("handoff:\n  sla_hours: 24\n  share: 0.5\n");
    assertThat(rules.integer("handoff.sla_hours")).isEqualTo(24);
    assertThat(rules.number("handoff.share")).isEqualTo(0.5);
  }

  @Test
  void aFractionWhereAWholeNumberIsDueOrTextIsAnErrorNamingTheRule() throws Exception {
    Definitions rules = write("identity:\n  max_rounds: 2.5\n  name: many\n");
    assertThatThrownBy(() -> rules.integer("identity.max_rounds"))
        .hasMessageContaining("identity.max_rounds must be a whole number, not '2.5'")
        .hasMessageContaining("definitions.yml");
    assertThatThrownBy(() -> rules.number("identity.name"))
        .hasMessageContaining("identity.name must be a number, not 'many'");
    assertThatThrownBy(() -> rules.number("identity.missing"))
        .hasMessageContaining("identity.missing must be a number, not 'null'");
  }

  private Definitions write(String yaml) throws Exception {
    Files.writeString(conf.resolve("definitions.yml"), yaml);
    return Definitions.load(conf);
  }
}
