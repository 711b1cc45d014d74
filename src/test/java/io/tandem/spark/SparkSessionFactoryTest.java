package io.tandem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class SparkSessionFactoryTest extends SparkTestBase {
  @Test
  void aLocalSessionListensOnLoopbackOnly() throws Exception {
    var conf = spark().sparkContext().getConf();

    assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    assertThat(InetAddress.getByName(conf.get("spark.driver.host")).isLoopbackAddress()).isTrue();
    // the block manager took the driver's address
    assertThat(spark().sparkContext().env().blockManager().blockManagerId().host())
        .isEqualTo("127.0.0.1");
  }
}
