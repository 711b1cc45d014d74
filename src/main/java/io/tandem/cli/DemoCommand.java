package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.jobs.NightlyLauncher;
import io.tandem.publish.PublishSettings;
import io.tandem.publish.PublishStep;
import io.tandem.publish.PublishTarget;
import io.tandem.runs.RunReportWriter;
import io.tandem.storage.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Component
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate the demo company (six quarters, 2025-01-01 to 2026-06-30) and build its whole history in one backfill on the local default, then print where the results are.")
public class DemoCommand implements Callable<Integer> {
  @Mixin DemoOptions demo;

  @Mixin LocationOptions locations;

  private final NightlyLauncher launcher;
  private final TandemSettings settings;
  private final PublishSettings publish;

  public DemoCommand(NightlyLauncher launcher, TandemSettings settings, PublishSettings publish) {
    this.launcher = launcher;
    this.settings = settings;
    this.publish = publish;
  }

  @Override
  public Integer call() throws Exception {
    DemoSpec spec = DemoSpec.defaults(demo.seed, demo.scale);
    Location landing = locations.landing(settings);
    Location warehouse = locations.warehouse(settings);
    System.out.println(
        DemoCompanyGenerator.generate(spec, landing.localPath()).describe(landing.localPath()));
    var execution = launcher.run(spec.from(), spec.to(), landing, warehouse, false);
    System.out.println();
    System.out.println("Demo built as of " + spec.to() + ".");
    System.out.println("  warehouse:  " + warehouse);
    System.out.println("  run report: " + RunReportWriter.reportFile(execution));
    Path reports = PublishStep.reportsDir(settings);
    try (var pages = Files.list(reports)) {
      List<Path> files = pages.sorted().toList();
      files.stream()
          .filter(p -> p.getFileName().toString().startsWith("scorecard-"))
          .reduce((first, last) -> last)
          .ifPresent(p -> System.out.println("  scorecard:  " + p + " (one page per quarter)"));
      files.stream()
          .filter(p -> p.getFileName().toString().startsWith("digest-"))
          .forEach(p -> System.out.println("  digest:     " + p));
    }
    System.out.println("  BI tools:   bin/tandem bi keeps PostgreSQL running; connect with");
    System.out.println(
        PublishTarget.biConnection(publish, settings.varPath()).indent(14).stripTrailing());
    System.out.println(
        "  try:        bin/tandem sql \"select quarter_label, label, target, actual, status"
            + " from gold.kpi_alignment_scorecard_quarterly order by quarter_start, display_order\"");
    System.out.println(
        "              bin/tandem sql \"select * from gold.kpi_funnel_flow_weekly order by period_start"
            + " desc limit 20\"");
    System.out.println("              bin/tandem sql \"show tables in gold\"");
    return 0;
  }
}
