package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tandem.TestPaths;
import io.tandem.cli.LocationOptions;
import io.tandem.cli.RunCommand;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * The scheduler examples of jobs/nightly/ parse, and name the jar Maven builds, its real main
 * class, and flags the CLI has. Runs after packaging, so the jar is there to read.
 */
class JobDescriptorsIT {
  private static final Path JOBS = TestPaths.home().resolve("jobs/nightly");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String jarName() throws IOException {
    String pom = Files.readString(TestPaths.home().resolve("pom.xml"));
    Matcher artifact =
        Pattern.compile("<artifactId>(tandem)</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(artifact.find()).isTrue();
    return "target/" + artifact.group(1) + "-" + artifact.group(2) + ".jar";
  }

  /** The options {@code tandem run} accepts. */
  private static Set<String> runOptions() {
    Set<String> names = new HashSet<>();
    for (Class<?> type : new Class<?>[] {RunCommand.class, LocationOptions.class}) {
      for (Field field : type.getDeclaredFields()) {
        Option option = field.getAnnotation(Option.class);
        if (option != null) {
          names.addAll(Arrays.asList(option.names()));
        }
      }
    }
    return names;
  }

  private static void assertRunFlagsExist(String command) {
    Matcher flags =
        Pattern.compile("(?<=\\s)--[a-z-]+")
            .matcher(command.substring(command.lastIndexOf(" run --date")));
    Set<String> used = new HashSet<>();
    while (flags.find()) {
      used.add(flags.group());
    }
    assertThat(used).contains("--date");
    assertThat(runOptions()).containsAll(used);
  }

  @Test
  void sparkSubmitNamesTheJarItsLauncherAndRealFlags() throws Exception {
    String script = Files.readString(JOBS.resolve("spark-submit.sh"));
    Path jar = TestPaths.home().resolve(jarName());
    assertThat(jar).exists();
    try (JarFile file = new JarFile(jar.toFile())) {
      var manifest = file.getManifest().getMainAttributes();
      assertThat(script).contains("--class " + manifest.getValue("Main-Class"));
      assertThat(manifest.getValue("Start-Class")).isEqualTo("io.tandem.TandemApplication");
    }
    // the cluster profile's jar: the same launcher, Spark left to the cluster
    assertThat(script)
        .contains(jarName().replace(".jar", "-cluster.jar"))
        .contains("--jars \"${EXECUTOR_JARS}\"");
    assertThat(Files.readString(TestPaths.home().resolve("pom.xml")))
        .contains("<finalName>${project.artifactId}-${project.version}-cluster</finalName>")
        .contains("${project.build.directory}/executor-lib");
    assertRunFlagsExist(script.replace("\\\n", " "));
    Process syntax =
        new ProcessBuilder("bash", "-n", JOBS.resolve("spark-submit.sh").toString()).start();
    assertThat(syntax.waitFor()).isZero();
  }

  @Test
  void theCronJobParsesRunsTheJarOnTheJobSchedule() throws IOException {
    JsonNode cron = YAML.readTree(JOBS.resolve("cronjob.yaml").toFile());
    JsonNode job = YAML.readTree(JOBS.resolve("job.yml").toFile());

    assertThat(cron.path("kind").asText()).isEqualTo("CronJob");
    assertThat(cron.path("spec").path("schedule").asText())
        .isEqualTo(job.path("schedule").path("cron").asText());
    assertThat(cron.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
    String args = cron.at("/spec/jobTemplate/spec/template/spec/containers/0/args/0").asText();
    assertThat(args).contains("-jar " + jarName());
    assertRunFlagsExist(" " + args);
  }

  @Test
  void theAirflowDagIsPythonAndRunsTheLauncherWithTheLogicalDate() throws Exception {
    String dag = Files.readString(JOBS.resolve("airflow_dag.py"));
    assertThat(dag).contains("/bin/tandem run --date {{{{ ds }}}}").contains("max_active_runs=1");
    assertRunFlagsExist(" bin/tandem run --date x");
    assumeThat(Files.isExecutable(Path.of("/usr/bin/python3"))).isTrue();
    Process compile =
        new ProcessBuilder(
                "python3",
                "-c",
                "import ast,sys; ast.parse(open(sys.argv[1]).read())",
                JOBS.resolve("airflow_dag.py").toString())
            .redirectErrorStream(true)
            .start();
    assertThat(compile.waitFor()).as(new String(compile.getInputStream().readAllBytes())).isZero();
  }
}
