package io.tandem;

import io.tandem.cli.TandemCommand;
import io.tandem.config.PrivateFolders;
import io.tandem.config.TandemSettings;
import io.tandem.jobs.JobRepositoryLocation;
import io.tandem.spark.SparkSessionFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.spark.sql.SparkSession;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jdbc.DataSourceBuilder;
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

  /**
   * Runs one CLI command and returns its exit code: help and usage errors at once, the rest in a
   * fresh Spring context.
   */
  public static int execute(String... args) {
    // The embedded job repository's server mode (AUTO_SERVER) listens on loopback only; H2 reads
    // this once, when its classes load.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    Optional<Integer> answered = TandemCommand.answerWithoutContext(args);
    if (answered.isPresent()) {
      return answered.get();
    }
    String home =
        System.getenv().getOrDefault("TANDEM_HOME", System.getProperty("tandem.home", "."));
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

  /**
   * The job repository's database: {@code spring.datasource.url} when configured (the postgres
   * profile), else an embedded H2 file under the var folder.
   */
  @Bean
  DataSource dataSource(
      TandemSettings settings,
      @Value("${spring.datasource.url:}") String url,
      @Value("${spring.datasource.username:sa}") String username,
      @Value("${spring.datasource.password:}") String password) {
    PrivateFolders.secureVar(settings.varPath());
    String effectiveUrl =
        url.isBlank() ? JobRepositoryLocation.embeddedUrl(settings.varPath()) : url;
    return DataSourceBuilder.create()
        .url(effectiveUrl)
        .username(username)
        .password(password)
        .build();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Created on first use, so commands that need no Spark start fast. Never stopped here: a JVM has
   * one.
   */
  @Bean(destroyMethod = "")
  @Lazy
  SparkSession sparkSession(TandemSettings settings) {
    return SparkSessionFactory.create(settings.confPath().resolve("spark"), settings.varPath());
  }
}
