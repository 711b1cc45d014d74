package io.tandem;

import io.tandem.cli.TandemCommand;
import io.tandem.config.TandemSettings;
import io.tandem.spark.SparkSessionFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Tandem's entry point: starts the Spring context (job repository, job, settings from
 * conf/application.yml) and hands the command line to {@link TandemCommand}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TandemApplication {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one CLI command in a fresh Spring context and returns its exit code. */
  public static int execute(String... args) {
    String home = System.getenv().getOrDefault("TANDEM_HOME", System.getProperty("tandem.home", "."));
    SpringApplication application = new SpringApplication(TandemApplication.class);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    application.setDefaultProperties(
        Map.of(
            "spring.config.additional-location",
            "optional:file:" + Path.of(home).toAbsolutePath().normalize() + "/conf/"));
    try (ConfigurableApplicationContext context = application.run()) {
      return TandemCommand.execute(context, args);
    }
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Created on first use, so commands that need no Spark start fast. Never stopped here: a JVM has one. */
  @Bean(destroyMethod = "")
  @Lazy
  SparkSession sparkSession(TandemSettings settings) {
    return SparkSessionFactory.create(settings.confPath().resolve("spark"), settings.varPath());
  }
}
