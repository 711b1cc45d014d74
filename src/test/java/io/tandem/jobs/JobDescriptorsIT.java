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

  /**
   * The Airflow DAG, imported by Python against a minimal stand-in of Airflow's API (the test
   * machine has no Airflow): the business date is derived from the data interval's end, exit codes
   * 1 and 3 are retried, 2 and 4 fail at once; the CronJob and job.yml follow the same rule.
   */
  @Test
  void theSchedulersRetryTheSameExitCodesAndTheDagPassesTheDayBeforeTheIntervalEnd()
      throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/python3"))).isTrue();
    Path stub = Files.createTempDirectory("airflow-stub");
    write(
        stub.resolve("airflow/__init__.py"),
        """
        class DAG:
            def __init__(self, **kwargs): self.kwargs = kwargs
            def __enter__(self): return self
            def __exit__(self, *a): return False
        """);
    write(
        stub.resolve("airflow/exceptions.py"),
        """
        class AirflowException(Exception): pass
        class AirflowFailException(AirflowException): pass
        """);
    write(
        stub.resolve("airflow/operators/python.py"),
        "class PythonOperator:\n    def __init__(self, **kwargs): self.kwargs = kwargs\n");
    write(stub.resolve("airflow/operators/__init__.py"), "");
    String probe =
        "import sys, json; sys.dont_write_bytecode = True; sys.path[:0] = sys.argv[1:3]\n"
            + "import airflow_dag as d\n"
            + "from airflow.exceptions import AirflowFailException\n"
            + "def outcome(code):\n"
            + "    try: d.check_exit_code(code); return 'done'\n"
            + "    except AirflowFailException: return 'fail'\n"
            + "    except Exception: return 'retry'\n"
            + "print(json.dumps({'outcomes': {c: outcome(c) for c in range(5)},"
            + " 'date': d.nightly.kwargs['op_kwargs']['business_date'],"
            + " 'retries': d.dag.kwargs['default_args']['retries'],"
            + " 'max_active_runs': d.dag.kwargs['max_active_runs']}))\n";
    Process python =
        new ProcessBuilder("python3", "-c", probe, stub.toString(), JOBS.toString())
            .redirectErrorStream(true)
            .start();
    String output =
        new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(python.waitFor()).as(output).isZero();
    JsonNode dag = new ObjectMapper().readTree(output);

    assertThat(dag.path("outcomes").toString())
        .isEqualTo(
            "{\"0\":\"done\",\"1\":\"retry\",\"2\":\"fail\",\"3\":\"retry\",\"4\":\"fail\"}");
    assertThat(dag.path("date").asText())
        .isEqualTo("{{ macros.ds_add(data_interval_end | ds, -1) }}");
    assertThat(dag.path("max_active_runs").asInt()).isEqualTo(1);
    assertRunFlagsExist(" bin/tandem run --date x");

    JsonNode job = YAML.readTree(JOBS.resolve("job.yml").toFile());
    JsonNode cron = YAML.readTree(JOBS.resolve("cronjob.yaml").toFile());
    assertThat(job.at("/retries/never_on_exit_codes").toString()).isEqualTo("[2,4]");
    assertThat(job.at("/retries/on_exit_codes").toString()).isEqualTo("[1,3]");
    assertThat(dag.path("retries").asInt()).isEqualTo(job.at("/retries/count").asInt());
    JsonNode rule = cron.at("/spec/jobTemplate/spec/podFailurePolicy/rules/0");
    assertThat(rule.path("action").asText()).isEqualTo("FailJob");
    assertThat(rule.at("/onExitCodes/values").toString()).isEqualTo("[2,4]");
    assertThat(rule.at("/onExitCodes/containerName").asText())
        .isEqualTo(cron.at("/spec/jobTemplate/spec/template/spec/containers/0/name").asText());
    assertThat(cron.at("/spec/jobTemplate/spec/backoffLimit").asInt())
        .isEqualTo(job.at("/retries/count").asInt());
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
