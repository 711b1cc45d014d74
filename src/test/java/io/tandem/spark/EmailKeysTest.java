package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.errors.TandemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailKeysTest {
  @TempDir Path warehouse;

  @Test
  void aWarehouseRefusesAKeyOtherThanTheOneThatBuiltIt() throws Exception {
    EmailKeys.checkWarehouse(warehouse, "key-of-acme");
    String fingerprint = Files.readString(warehouse.resolve(EmailKeys.FINGERPRINT_FILE)).strip();

    assertThat(fingerprint).hasSize(16).doesNotContain("key-of-acme");
    assertThatCode(() -> EmailKeys.checkWarehouse(warehouse, "key-of-acme"))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> EmailKeys.checkWarehouse(warehouse, "another-key"))
        .isInstanceOf(TandemException.class)
        .hasMessageContaining(
            "was built with another TANDEM_EMAIL_KEY (key fingerprint " + fingerprint)
        .hasMessageContaining("Set TANDEM_EMAIL_KEY to the key the warehouse was built with")
        .satisfies(e -> assertThat(((TandemException) e).exitCode()).isEqualTo(2));
  }

  @Test
  void aWarehouseBuiltWithTheDemoKeySaysSo(@TempDir Path demo) {
    EmailKeys.checkWarehouse(demo, EmailKeys.DEMO_KEY);

    assertThatThrownBy(() -> EmailKeys.checkWarehouse(demo, "a-real-secret"))
        .hasMessageContaining("was built with the public demo key");
  }
}
