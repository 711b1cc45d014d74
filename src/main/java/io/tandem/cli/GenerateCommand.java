package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.demo.HeaderStyle;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Write a synthetic B2B company's extracts (Salesforce or HubSpot, Google Ads, Meta Ads, LinkedIn Ads, GA4) into the landing folder in the vendors' formats, with its ground truth in <landing>/_ground_truth/. The same seed, scale and dates give byte-identical files.")
public class GenerateCommand implements Callable<Integer> {
  @Option(
      names = "--landing",
      paramLabel = "DIR",
      description = "Where to write (default: var/landing).")
  Path landing;

  @Mixin DemoOptions demo;

  @Option(
      names = "--from",
      defaultValue = "2025-01-01",
      description = "First day (default ${DEFAULT-VALUE}).")
  LocalDate from;

  @Option(
      names = "--to",
      defaultValue = "2026-06-30",
      description = "Last day (default ${DEFAULT-VALUE}).")
  LocalDate to;

  @Option(
      names = "--crm",
      defaultValue = "salesforce",
      description = "The company's CRM: salesforce or hubspot (default ${DEFAULT-VALUE}).")
  DemoSpec.Crm crm;

  @Option(
      names = "--headers",
      defaultValue = "api",
      description =
          "Column names as the vendor API writes them (api), as ELT connectors write them (snake,"
              + " with _fivetran_synced), or upper-cased (upper). Default: ${DEFAULT-VALUE}.")
  HeaderStyle headers;

  private final TandemSettings settings;

  public GenerateCommand(TandemSettings settings) {
    this.settings = settings;
  }

  @Override
  public Integer call() throws Exception {
    Path target =
        landing != null
            ? landing.toAbsolutePath().normalize()
            : settings.landingLocation().localPath();
    var summary =
        DemoCompanyGenerator.generate(
            new DemoSpec(demo.seed, demo.scale, from, to, crm, headers), target);
    System.out.println(summary.describe(target));
    return 0;
  }
}
