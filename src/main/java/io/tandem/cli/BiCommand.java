package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.publish.PublishSettings;
import io.tandem.publish.PublishTarget;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

@Component
@Command(
    name = "bi",
    mixinStandardHelpOptions = true,
    description = {
      "Keep the embedded PostgreSQL with the published KPI tables running for BI tools",
      "(Metabase, Superset, Tableau) and print how to connect. Ctrl-C stops it."
    })
public class BiCommand implements Callable<Integer> {
  private final TandemSettings settings;
  private final PublishSettings publish;

  public BiCommand(TandemSettings settings, PublishSettings publish) {
    this.settings = settings;
    this.publish = publish;
  }

  @Override
  public Integer call() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    PublishTarget target = PublishTarget.open(publish, settings.varPath());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  target.close();
                  stopped.countDown();
                }));
    System.out.println("Published KPI tables for BI tools (read-only role):");
    System.out.println(target.biConnection().indent(2));
    System.out.println(
        "Nothing published yet? Run bin/tandem demo (or run --date …) first. Ctrl-C stops the server.");
    if (!publish.embedded()) {
      target.close();
      return 0;
    }
    stopped.await();
    return 0;
  }
}
