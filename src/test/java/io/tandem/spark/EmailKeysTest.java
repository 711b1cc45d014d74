package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.errors.TandemException;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailKeysTest {
  private static final Storage LOCAL = new Storage(new Configuration());

  @TempDir Path warehouse;

  @Test
  void aWarehouseRefusesAKeyOtherThanTheOneThatBuiltIt() throws Exception {
    EmailKeys.checkWarehouse(LOCAL, Location.of(warehouse), "key-of-acme");
    String fingerprint = Files.readString(warehouse.resolve(EmailKeys.FINGERPRINT_FILE)).strip();

    assertThat(fingerprint).hasSize(16).doesNotContain("key-of-acme");
    assertThatCode(() -> EmailKeys.checkWarehouse(LOCAL, Location.of(warehouse), "key-of-acme"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> EmailKeys.checkWarehouse(LOCAL, Location.of(warehouse), "another-key"))
        .isInstanceOf(TandemException.class)
        .hasMessageContaining(
            "was built with another TANDEM_EMAIL_KEY (key fingerprint " + fingerprint)
        .hasMessageContaining("Set TANDEM_EMAIL_KEY to the key the warehouse was built with")
        .satisfies(e -> assertThat(((TandemException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void aWarehouseBuiltWithTheDemoKeySaysSo(@TempDir Path demo) {
    EmailKeys.checkWarehouse(LOCAL, Location.of(demo), EmailKeys.DEMO_KEY);

    assertThatThrownBy(() -> EmailKeys.checkWarehouse(LOCAL, Location.of(demo), "a-real-secret"))
        .hasMessageContaining("was built with the public demo key");
  }
}
