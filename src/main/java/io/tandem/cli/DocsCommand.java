package io.tandem.cli;

import io.tandem.catalogue.Catalogue;
import io.tandem.config.TandemSettings;
import io.tandem.publish.PublishStep;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description =
        "Write the data catalogue: one offline HTML page with every table from the landing objects"
            + " to the published views, its columns, SQL, lineage, rows and freshness, and the KPI"
            + " glossary. Every run writes it too, beside the scorecard pages.")
public class DocsCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the page (default: var/reports/catalogue.html).")
  Path out;

  private final TandemSettings settings;

  public DocsCommand(TandemSettings settings) {
    this.settings = settings;
  }

  @Override
  public Integer call() {
    Path page =
        out != null
            ? out.toAbsolutePath()
            : PublishStep.reportsDir(settings).resolve(Catalogue.FILE);
    new Catalogue(settings).write(page, settings.varPath().resolve("runs"));
    System.out.println("Data catalogue: " + page);
    return 0;
  }
}
