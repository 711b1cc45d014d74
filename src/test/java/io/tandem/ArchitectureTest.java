package io.tandem;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies between Tandem's packages (docs/architecture.md, "Packages"):
 * contracts at the bottom, steps above them, the job's wiring and the commands on top.
 */
class ArchitectureTest {
  private static JavaClasses tandem;

  @BeforeAll
  static void importClasses() {
    tandem =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tandem");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.tandem.(*)..").should().beFreeOfCycles().check(tandem);
  }

  @Test
  void contractsDependOnNoStepAndNoWiring() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.tandem.storage..",
            "io.tandem.errors..",
            "io.tandem.config..",
            "io.tandem.spark..",
            "io.tandem.pipeline..",
            "io.tandem.contracts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.tandem.ingest..",
            "io.tandem.privacy..",
            "io.tandem.model..",
            "io.tandem.identity..",
            "io.tandem.attribution..",
            "io.tandem.kpi..",
            "io.tandem.checks..",
            "io.tandem.publish..",
            "io.tandem.catalogue..",
            "io.tandem.lineage..",
            "io.tandem.notify..",
            "io.tandem.runs..",
            "io.tandem.jobs..",
            "io.tandem.bench..",
            "io.tandem.cli..")
        .check(tandem);
  }

  @Test
  void everyPackageSaysWhatLivesThere() throws Exception {
    Path sources = TestPaths.home().resolve("src/main/java/io/tandem");
    try (Stream<Path> packages = Files.list(sources)) {
      assertThat(packages.filter(Files::isDirectory))
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.resolve("package-info.java")).isRegularFile());
    }
  }

  @Test
  void onlyTheCommandsAndTheBenchmarkUseTheJobsWiring() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.tandem.jobs..", "io.tandem.cli..", "io.tandem.bench..")
        .and()
        .doNotHaveFullyQualifiedName("io.tandem.TandemApplication")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.tandem.jobs..")
        .check(tandem);
  }
}
