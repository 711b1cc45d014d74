package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.jobs.NightlyLauncher;
import io.tandem.jobs.RunReportWriter;
import java.nio.file.Path;
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

  public DemoCommand(NightlyLauncher launcher, TandemSettings settings) {
    this.launcher = launcher;
    this.settings = settings;
  }

  @Override
  public Integer call() throws Exception {
    DemoSpec spec = DemoSpec.defaults(demo.seed, demo.scale);
    Path landing = locations.landing(settings);
    Path warehouse = locations.warehouse(settings);
    System.out.println(DemoCompanyGenerator.generate(spec, landing).describe(landing));
    var execution = launcher.run(spec.from(), spec.to(), landing, warehouse);
    System.out.println();
    System.out.println("Demo built as of " + spec.to() + ".");
    System.out.println("  warehouse:  " + warehouse);
    System.out.println("  run report: " + RunReportWriter.reportFile(execution));
    System.out.println(
        "  try:        bin/tandem sql \"select * from gold.kpi_funnel_flow_weekly order by 1 limit 20\"");
    System.out.println("              bin/tandem sql \"show tables in gold\"");
    return 0;
  }
}
