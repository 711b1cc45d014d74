package io.tandem.cli;

import io.tandem.config.TandemSettings;
import io.tandem.kpi.RevenuePlan;
import io.tandem.spark.Warehouse;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "What it takes to win a quarter's revenue: works back from the target through the trailing"
          + " quarters' win rate, deal size, stage conversions, cycle times and cost per lead to"
          + " the deals, opportunities, SQLs, MQLs, leads and marketing budget needed, and by when.",
      "Without --revenue it prints the plan of the last run (gold.kpi_revenue_plan_quarterly,"
          + " from conf/targets.yml)."
    })
public class PlanCommand implements Callable<Integer> {
  @Option(
      names = "--quarter",
      paramLabel = "QUARTER",
      description = "Fiscal quarter, e.g. 2026-Q3 (default: the as-of date's quarter).")
  String quarter;

  @Option(
      names = "--revenue",
      paramLabel = "AMOUNT",
      description = "Won-revenue target in the reporting currency (default: conf/targets.yml).")
  Double revenue;

  @Mixin WarehouseOption warehouseOption;

  @Option(
      names = "--json",
      description = "Print the plan's rows as JSON, one object a line, instead of the text plan.")
  boolean json;

  private final SparkSession spark;
  private final TandemSettings settings;

  public PlanCommand(@Lazy SparkSession spark, TandemSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  @Override
  public Integer call() {
    Warehouse warehouse = Warehouse.registered(spark, warehouseOption.warehouse(settings));
    Dataset<Row> plan = new RevenuePlan(spark, settings, warehouse).of(quarter, revenue);
    if (json) {
      plan.toJSON().collectAsList().forEach(System.out::println);
    } else {
      System.out.print(text(plan.collectAsList()));
    }
    return 0;
  }

  /** The plan as a person reads it: the stages from won back to leads, then the lead budget. */
  public static String text(List<Row> rows) {
    Row won = rows.get(0);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "What it takes to win %s in %s (%s to %s), as of %s%n",
            money(won.getAs("revenue_target")),
            won.getAs("period_label"),
            won.getAs("period_start"),
            won.getAs("period_end"),
            won.getAs("as_of_date")));
    out.append(
        String.format(
            Locale.ROOT,
            "Won so far %s; still to win %s.%n",
            money(won.getAs("won_to_date")),
            money(won.getAs("revenue_gap"))));
    out.append(
        String.format(
            Locale.ROOT,
            "Rates of %s to %s: win rate %s, average deal %s, %s of deals came from SQLs.%n%n",
            won.getAs("trailing_from"),
            won.getAs("trailing_to"),
            percent(won.getAs("win_rate")),
            money(won.getAs("average_deal_size")),
            percent(won.getAs("funnel_share"))));
    String line = "%-12s %8s %8s %13s  %-10s  %-10s  %-11s%s%n";
    out.append(
        String.format(
            Locale.ROOT,
            line,
            "stage",
            "needed",
            "in hand",
            "rate to next",
            "from",
            "by",
            "starting in",
            ""));
    for (Row r : rows) {
      if (!r.<Boolean>getAs("is_total")) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              line,
              r.getAs("stage"),
              r.getAs("needed") == null ? "–" : r.getAs("needed"),
              r.getAs("in_hand") == null ? "" : r.getAs("in_hand"),
              r.getAs("rate_used") == null ? "" : percent(r.getAs("rate_used")),
              r.getAs("needed_from"),
              r.getAs("needed_by"),
              r.getAs("needed_from_quarter") == null ? "" : r.getAs("needed_from_quarter"),
              r.<Boolean>getAs("is_late") ? "  late: past the as-of date" : ""));
    }
    Row leads = rows.stream().filter(r -> r.getAs("stage").equals("lead")).findFirst().get();
    out.append(
        String.format(
            Locale.ROOT,
            "%nMarketing budget for the leads: %s (cost per lead %s)%n",
            money(leads.getAs("marketing_budget")),
            money(leads.getAs("cost_per_lead"))));
    for (Row r : rows) {
      if (r.<Boolean>getAs("is_total")) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "  %-24s %7s of the leads: %5s leads at %8s = %s%n",
              r.getAs("channel"),
              percent(r.getAs("lead_share")),
              r.getAs("needed") == null ? "–" : r.getAs("needed"),
              money(r.getAs("cost_per_lead")),
              money(r.getAs("marketing_budget"))));
    }
    return out.toString();
  }

  private static String money(BigDecimal amount) {
    return amount == null ? "–" : String.format(Locale.ROOT, "%,.0f", amount);
  }

  private static String percent(Double rate) {
    return rate == null ? "–" : String.format(Locale.ROOT, "%.1f %%", rate * 100);
  }
}
