package io.tandem.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.config.Definitions;
import io.tandem.contracts.TableContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality gate's source and contract checks on hand-made manifests and tables. */
class QualityChecksTest extends SparkTestBase {
  private static final LocalDate DATE = LocalDate.parse("2026-11-20");
  private static final StructType MANIFEST =
      new StructType()
          .add("source", DataTypes.StringType)
          .add("object", DataTypes.StringType)
          .add("extract_date", DataTypes.DateType)
          .add("rows_read", DataTypes.LongType);

  @TempDir Path conf;

  private Definitions definitions(String failAfterDays) throws IOException {
    String text = Files.readString(TestPaths.home().resolve("conf/definitions.yml"));
    Files.writeString(
        conf.resolve("definitions.yml"),
        text.replace("fail_after_days: {}", "fail_after_days: " + failAfterDays));
    return Definitions.load(conf);
  }

  private static Dataset<Row> manifest(List<Row> rows) {
    return spark().createDataFrame(rows, MANIFEST);
  }

  private static Row file(String source, String object, LocalDate date, long rows) {
    return RowFactory.create(source, object, Date.valueOf(date), rows);
  }

  private static Map<String, String> statuses(List<CheckResult> results) {
    return results.stream().collect(Collectors.toMap(CheckResult::check, r -> r.status().label()));
  }

  @Test
  void aSourceIsStaleWhenItsNewestExtractIsOlderThanItsCadenceAllows() throws IOException {
    Dataset<Row> files =
        manifest(
            List.of(
                file("salesforce", "Lead", DATE.minusDays(1), 5),
                file("salesforce", "Task", DATE.minusDays(9), 5),
                file("ga4", "events", DATE.minusDays(2), 5),
                file("google_ads", "campaign_performance", DATE.minusDays(3), 5),
                file("meta_ads", "ads_insights", DATE.minusDays(8), 5),
                // a file dated after the business date is not read by this run
                file("linkedin_ads", "campaigns", DATE.minusDays(30), 5),
                file("linkedin_ads", "campaigns", DATE.plusDays(1), 5)));

    List<CheckResult> results =
        SourceHealthChecks.freshness(files, DATE, definitions("{default: 7, google_ads: 2}"));

    assertThat(statuses(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "salesforce freshness", "passed",
                "ga4 freshness", "passed",
                "google_ads freshness", "failed",
                "meta_ads freshness", "failed",
                "linkedin_ads freshness", "failed"));
    assertThat(results)
        .filteredOn(r -> r.check().equals("meta_ads freshness"))
        .extracting(CheckResult::message)
        .containsExactly(
            "meta_ads: newest extract is dated 2026-11-12, 8 day(s) before the business date"
                + " 2026-11-20, more than quality.freshness.fail_after_days = 7; check the"
                + " connector that writes landing/meta_ads/");
  }

  @Test
  void withoutAFailLimitAStaleSourceOnlyWarns() throws IOException {
    Dataset<Row> files = manifest(List.of(file("google_ads", "click_view", DATE.minusDays(3), 5)));

    List<CheckResult> results = SourceHealthChecks.freshness(files, DATE, definitions("{}"));

    assertThat(statuses(results))
        .containsExactlyEntriesOf(Map.of("google_ads freshness", "warning"));
  }

  @Test
  void anExtractFarFromItsTrailingAverageFailsTheVolumeCheck() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int day = 1; day <= 8; day++) {
      // seven earlier extracts averaging 1014 rows; the eighth-oldest is outside the window
      long earlier = day == 8 ? 100_000 : 900 + 200 * (day % 2);
      rows.add(file("ga4", "events", DATE.minusDays(day), earlier));
      rows.add(file("salesforce", "Lead", DATE.minusDays(day), earlier));
      rows.add(file("meta_ads", "ads_insights", DATE.minusDays(day), earlier));
      rows.add(file("hubspot", "contacts", DATE.minusDays(day), 40));
    }
    rows.add(file("ga4", "events", DATE, 150));
    rows.add(file("salesforce", "Lead", DATE, 600));
    rows.add(file("salesforce", "Lead", DATE, 600));
    rows.add(file("meta_ads", "ads_insights", DATE, 6_000));
    rows.add(file("hubspot", "contacts", DATE, 0));
    // two earlier extracts are too few to judge
    rows.add(file("linkedin_ads", "campaigns", DATE.minusDays(1), 1000));
    rows.add(file("linkedin_ads", "campaigns", DATE.minusDays(2), 1000));
    rows.add(file("linkedin_ads", "campaigns", DATE, 1));

    List<CheckResult> results = SourceHealthChecks.volume(manifest(rows), DATE, definitions("{}"));

    assertThat(statuses(results))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ga4/events volume", "failed",
                "salesforce/Lead volume", "passed",
                "meta_ads/ads_insights volume", "failed"));
    assertThat(results)
        .filteredOn(r -> r.check().equals("ga4/events volume"))
        .extracting(CheckResult::message)
        .containsExactly(
            "ga4/events: the extract of 2026-11-20 has 150 row(s) against an average of 1014 over"
                + " the 7 extract(s) before it, less than quality.volume.min_share = 0.2 of it;"
                + " check the extract (a partial export, a changed filter, a replayed history)"
                + " before publishing");
  }

  @Test
  void contractChecksNameTheOffendingValues() {
    Dataset<Row> credits =
        sql(
            "SELECT * FROM VALUES ('linear', 'o1', 'Email'), ('linear', 'o1', 'Email'),"
                + " ('lifetime', 'o2', 'Email'), ('markov', 'o9', 'Email'), ('markov', NULL,"
                + " 'Email') AS t(model, opportunity_id, channel)");
    Dataset<Row> opportunities = sql("SELECT * FROM VALUES ('o1'), ('o2') AS t(opportunity_id)");
    TableContract contract =
        new TableContract(
            "gold.credits",
            "",
            "",
            List.of("model", "opportunity_id", "channel"),
            List.of(
                new TableContract.Column("model", "string", "", List.of("linear", "markov"), null),
                new TableContract.Column(
                    "opportunity_id",
                    "string",
                    "",
                    null,
                    "silver.crm_opportunities.opportunity_id"),
                new TableContract.Column("channel", "string", "", null, null)));
    // Checked in the same query: a table whose key values are unique in it but not across tables,
    // an
    // empty table, and one with accepted values and no key.
    TableContract byModel =
        new TableContract(
            "gold.models",
            "",
            "",
            List.of("model"),
            List.of(
                new TableContract.Column(
                    "model", "string", "", List.of("linear", "markov"), null)));
    Dataset<Row> models = sql("SELECT * FROM VALUES ('linear'), ('markov') AS t(model)");
    TableContract unkeyed =
        new TableContract(
            "gold.unkeyed",
            "",
            "",
            null,
            List.of(
                new TableContract.Column(
                    "model", "string", "", List.of("linear", "markov"), null)));
    long[] rowsChecked = {0};

    Map<String, List<CheckResult>> checked =
        ContractChecks.all(
            List.of(
                new ContractChecks.Subject("gold.credits", contract, credits),
                new ContractChecks.Subject("gold.models", byModel, models),
                new ContractChecks.Subject("gold.models_too", byModel, models),
                new ContractChecks.Subject("gold.empty", byModel, models.limit(0)),
                new ContractChecks.Subject("gold.unkeyed", unkeyed, models.union(models))),
            name -> {
              assertThat(name).isEqualTo("silver.crm_opportunities");
              return opportunities;
            },
            n -> rowsChecked[0] += n);

    assertThat(rowsChecked[0]).isEqualTo(5 + 2 + 2 + 4);
    assertThat(checked.keySet())
        .containsExactly(
            "gold.credits", "gold.models", "gold.models_too", "gold.empty", "gold.unkeyed");
    assertThat(
            checked.values().stream()
                .flatMap(List::stream)
                .filter(r -> r.status() == CheckResult.Status.FAILED))
        .extracting(CheckResult::check)
        .containsExactly(
            "gold.credits key (model, opportunity_id, channel)",
            "gold.credits.model accepted values",
            "gold.credits.opportunity_id references silver.crm_opportunities.opportunity_id");
    assertThat(checked.get("gold.empty"))
        .extracting(CheckResult::message)
        .containsExactly(
            "gold.empty key (model): 0 row(s) with a null key, 0 duplicate row(s)",
            "gold.empty.model accepted values: passed");
    List<CheckResult> results = checked.get("gold.credits");
    assertThat(results)
        .extracting(CheckResult::message)
        .containsExactly(
            "gold.credits key (model, opportunity_id, channel): 1 row(s) with a null key, 1"
                + " duplicate row(s)",
            "gold.credits.model accepted values: 1 row(s) with value(s) outside [linear, markov],"
                + " e.g. lifetime",
            "gold.credits.opportunity_id references silver.crm_opportunities.opportunity_id: 1"
                + " row(s) with value(s) not found in silver.crm_opportunities.opportunity_id,"
                + " e.g. o9");
    assertThat(results).allMatch(r -> r.status() == CheckResult.Status.FAILED);
  }
}
