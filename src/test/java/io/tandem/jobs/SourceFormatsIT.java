package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.demo.DemoCompanyGenerator;
import io.tandem.demo.DemoSpec;
import io.tandem.demo.HeaderStyle;
import io.tandem.ingest.IngestStep;
import io.tandem.pipeline.RunContext;
import io.tandem.storage.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * Reads every source in the formats vendors and connectors write: damaged files are quarantined
 * with a reason, and the same company read through different header styles or through HubSpot
 * instead of Salesforce gives the same silver and gold tables.
 */
class SourceFormatsIT extends JobTestBase {
  private static final LocalDate FROM = LocalDate.of(2025, 2, 1);
  private static final LocalDate TO = LocalDate.of(2025, 3, 31);

  @TempDir static Path work;
  private static final Map<String, Path> BUILT = new java.util.HashMap<>();

  /**
   * Damaged extracts: quarantined rows, rejected files, a quarantined share that stops the run.
   * Once the rejected Lead file is replaced, the run publishes everything the still rejected
   * LinkedIn campaigns file does not feed.
   */
  @Test
  void damagedExtractsAreQuarantinedWithReasonsAndTheQualityGateStopsTheRun()
      throws IOException, SQLException {
    Path landing = work.resolve("landing");
    Path warehouse = work.resolve("warehouse");
    Path var = work.resolve("var-damaged");
    FileSystemUtils.copyRecursively(TestPaths.fixture("bad"), landing);

    Result result =
        backfill(var, landing, warehouse, LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3));

    // silver and gold are built; the quality gate then stops the run before publish
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("failed in step 'quality-gate'")
        .contains(
            "salesforce/Lead: 1 of 3 rows quarantined, more than"
                + " quality.max_quarantined_share = 0.05");
    List<String> quarantine =
        lines(
            table(warehouse, "bronze", "quarantine")
                .selectExpr("source_file", "record", "column_name", "substring(reason, 1, 60)")
                .orderBy("source_file", "record"));
    assertThat(quarantine)
        .containsExactly(
            "ga4/events/2026-11-03/events_20261103.ndjson|2|null|line is not valid JSON: Unexpected end-of-input within/betwe",
            "google_ads/campaign_performance/2026-11-03/report.csv.gz|"
                + damagedAfter(warehouse)
                + "|null|"
                + ("file is damaged after record "
                        + (damagedAfter(warehouse) - 1)
                        + ": Unexpected end of ZLIB input stream; the rows before")
                    .substring(0, 60),
            "linkedin_ads/campaigns/2026-11-03/campaigns.csv|1|id|file rejected: key column(s) id missing from the header, so ",
            "salesforce/Lead/2026-11-02/part-0001.csv|1|id|file rejected: key column(s) id missing from the header, so ",
            "salesforce/Lead/2026-11-03/part-0001.csv|4|lead_score|value 'high' is not a valid decimal");

    Map<String, String> status =
        lines(
                table(warehouse, "bronze", "file_manifest")
                    .selectExpr(
                        "path", "concat_ws('/', status, rows_read, rows_loaded, rows_quarantined)"))
            .stream()
            .collect(
                java.util.stream.Collectors.toMap(l -> l.split("\\|")[0], l -> l.split("\\|")[1]));
    assertThat(status)
        .containsEntry("salesforce/Lead/2026-11-02/part-0001.csv", "rejected/1/0/1")
        .containsEntry("linkedin_ads/campaigns/2026-11-03/campaigns.csv", "rejected/1/0/1")
        .containsEntry("salesforce/Lead/2026-11-03/part-0001.csv", "loaded_with_quarantine/3/2/1")
        .containsEntry(
            "ga4/events/2026-11-03/events_20261103.ndjson", "loaded_with_quarantine/3/2/1")
        .containsEntry("meta_ads/ads_insights/2026-11-03/insights.csv", "loaded/0/0/0")
        .containsEntry("linkedin_ads/ad_analytics/2026-11-03/analytics.json", "loaded/1/1/0");

    // the duplicated row is one lead in silver; the flat LinkedIn form reads like the nested one
    assertThat(lines(table(warehouse, "silver", "stg_salesforce_lead").select("lead_id")))
        .containsExactly("00Q0000000000000B1");
    assertThat(
            lines(
                table(warehouse, "silver", "stg_linkedin_ads_ad_analytics")
                    .selectExpr("date", "campaign_id", "spend", "conversions")))
        .containsExactly("2026-11-03|77|5.5|1.0");
    assertThat(
            lines(
                table(warehouse, "silver", "stg_ga4_events")
                    .selectExpr("event_name", "gclid")
                    .orderBy("event_at")))
        .containsExactly("session_start|null", "page_view|abc");

    JsonNode report = lastReport(var);
    assertThat(report.toString())
        .contains("schema drift in salesforce/Lead: column(s) Favourite_Color__c")
        .contains(
            "schema drift in salesforce/Lead: column(s) last_modified_date, is_deleted, email,"
                + " first_name")
        .contains("are not in the header of 1 file(s) (salesforce/Lead/2026-11-03/part-0001.csv)")
        .contains("rejected salesforce/Lead/2026-11-02/part-0001.csv");

    // The Lead file is replaced; with a quarantined share the team accepts for this test, the run
    // publishes, holding back only what the LinkedIn campaigns file feeds (never published yet).
    Files.writeString(
        landing.resolve("salesforce/Lead/2026-11-02/part-0001.csv"),
        """
        Id,SystemModstamp,CreatedDate,Email,LeadSource,Status
        00Q0000000000000A1,2026-11-02T10:00:00Z,2026-11-02T09:00:00Z,a@b.example,Web,Open
        """);
    Path lenient =
        confWith(
            work.resolve("conf-lenient"),
            "max_quarantined_share: 0.05",
            "max_quarantined_share: 0.9");
    Result rerun = tandemWithConf(var, lenient, runArguments("2026-11-03", landing, warehouse));
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    String notes = lastReport(var).toString();
    assertThat(notes)
        .contains(
            "1 extract file(s) rejected (see bronze.quarantine):"
                + " linkedin_ads/campaigns/2026-11-03/campaigns.csv. Until they are replaced, the"
                + " tables fed by linkedin_ads/campaigns keep their last published version (stale):")
        .contains("kept at their last published version (a rejected extract file feeds them): ");
    onPublishedDatabase(
        var,
        db -> {
          List<String> views =
              query(db, "SELECT viewname FROM pg_views WHERE schemaname = 'tandem'");
          assertThat(views)
              .contains("v1_kpi_funnel_flow_weekly", "v1_kpi_pipeline_quarterly")
              .doesNotContain(
                  "v1_kpi_spend_daily",
                  "v1_kpi_efficiency_quarterly",
                  "v1_kpi_alignment_scorecard_quarterly");
        });
  }

  /**
   * Header styles are resolved at ingest: the same bronze rows (lineage columns aside) give the
   * same silver and gold, since every later step is a function of bronze and conf. The SNAKE and
   * UPPER extracts are therefore ingested only, and compared with the fully built API company.
   */
  @Test
  void everyHeaderStyleGivesTheSameBronzeAndSoTheSameSilverAndGold() throws IOException {
    Path api = build(DemoSpec.Crm.SALESFORCE, HeaderStyle.API).resolve("warehouse");
    Map<String, List<String>> apiBronze = snapshot(api, "bronze");
    apiBronze.remove("bronze.file_manifest");
    int apiQuarantined = quarantined(apiBronze);

    for (HeaderStyle style : List.of(HeaderStyle.SNAKE, HeaderStyle.UPPER)) {
      Path root = work.resolve("ingest-only-" + style);
      DemoCompanyGenerator.generate(
          new DemoSpec(11, 0.05, FROM, TO, DemoSpec.Crm.SALESFORCE, style),
          root.resolve("landing"));
      TandemSettings settings =
          new TandemSettings(TestPaths.home().toString(), null, null, null, null);
      new IngestStep(spark(), settings)
          .execute(
              new RunContext(
                  "ingest-only",
                  TO,
                  FROM,
                  Location.of(root.resolve("landing")),
                  Location.of(root.resolve("warehouse")),
                  root.resolve("run"),
                  Clock.systemUTC(),
                  true));
      Map<String, List<String>> bronze = snapshot(root.resolve("warehouse"), "bronze");
      bronze.remove("bronze.file_manifest");
      assertThat(quarantined(bronze)).as(style.name()).isEqualTo(apiQuarantined);
      assertThat(bronze).as(style.name()).isEqualTo(apiBronze);
    }
    Map<String, List<String>> silverAndGold = snapshot(api, "silver", "gold");
    assertThat(silverAndGold.get("silver.stg_salesforce_lead")).hasSizeGreaterThan(50);
    assertThat(silverAndGold.get("silver.ads_daily_performance")).hasSizeGreaterThan(50);
  }

  @Test
  void hubSpotAndSalesforceGiveTheSameFunnelForTheSameCompany() throws IOException {
    Map<String, List<String>> salesforce = silverAndGold(DemoSpec.Crm.SALESFORCE, HeaderStyle.API);
    Map<String, List<String>> hubspot = silverAndGold(DemoSpec.Crm.HUBSPOT, HeaderStyle.API);

    assertThat(hubspot.get("gold.kpi_funnel_flow_weekly")).hasSizeGreaterThan(20);
    assertThat(hubspot.get("gold.kpi_funnel_flow_weekly"))
        .isEqualTo(salesforce.get("gold.kpi_funnel_flow_weekly"));
    assertThat(hubspot.get("gold.kpi_spend_daily"))
        .isEqualTo(salesforce.get("gold.kpi_spend_daily"));
  }

  @Test
  void stitchingMatchesTheGeneratedTruthAndStageDatesAreTheGeneratedOnes() throws IOException {
    Path root = build(DemoSpec.Crm.SALESFORCE, HeaderStyle.API);
    Path warehouse = root.resolve("warehouse");
    table(warehouse, "journey", "int_identity_graph").createOrReplaceTempView("graph");
    table(warehouse, "journey", "dim_customer_journeys").createOrReplaceTempView("journeys");
    spark()
        .read()
        .option("header", "true")
        .csv(root.resolve("landing/_ground_truth/leads.csv").toString())
        .createOrReplaceTempView("truth");

    // pairs (cookie, lead) the truth says are one person, and the pairs Tandem stitched
    var scores =
        sql("WITH person AS (SELECT identifier, person_id FROM graph),"
                + " truth_pairs AS (SELECT ga_client_id AS cookie, lead_id FROM truth WHERE ga_client_id IS NOT NULL),"
                + " stitched AS (SELECT substring(c.identifier, 8) AS cookie, substring(l.identifier, 5) AS lead_id"
                + "   FROM person c JOIN person l ON c.person_id = l.person_id"
                + "   WHERE c.identifier LIKE 'cookie:%' AND l.identifier LIKE 'crm:00Q%')"
                + " SELECT (SELECT count(*) FROM truth_pairs),"
                + " (SELECT count(*) FROM stitched),"
                + " (SELECT count(*) FROM stitched s JOIN truth_pairs t USING (cookie, lead_id))")
            .first();
    long truthPairs = scores.getLong(0);
    long stitchedPairs = scores.getLong(1);
    long correct = scores.getLong(2);
    assertThat(truthPairs).isGreaterThan(100);
    assertThat((double) correct / stitchedPairs).as("precision").isGreaterThanOrEqualTo(0.99);
    assertThat((double) correct / truthPairs).as("recall").isGreaterThanOrEqualTo(0.99);

    // every generated stage date is the one the journey shows
    long mismatches =
        sql("SELECT count(*) FROM truth t"
                + " JOIN graph g ON g.identifier = concat('crm:', t.lead_id)"
                + " JOIN journeys j ON j.grain = 'person' AND j.person_id = g.person_id"
                + " WHERE j.lead_created_at <> to_timestamp(t.created_at, \"yyyy-MM-dd'T'HH:mm:ss.SSSZ\")"
                + "  OR (t.mql_at IS NOT NULL AND j.mql_at <> to_timestamp(t.mql_at, \"yyyy-MM-dd'T'HH:mm:ss.SSSZ\"))"
                + "  OR (t.accepted_at IS NOT NULL AND j.sal_at <> to_timestamp(t.accepted_at, \"yyyy-MM-dd'T'HH:mm:ss.SSSZ\"))"
                + "  OR (t.converted_at IS NOT NULL AND j.sql_at <> to_timestamp(t.converted_at, \"yyyy-MM-dd'T'HH:mm:ss.SSSZ\"))")
            .first()
            .getLong(0);
    assertThat(mismatches).isZero();
  }

  /** Takes the quarantine out of a bronze snapshot and returns its row count. */
  private static int quarantined(Map<String, List<String>> bronze) {
    List<String> rows = bronze.remove("bronze.quarantine");
    return rows == null ? 0 : rows.size();
  }

  private Map<String, List<String>> silverAndGold(DemoSpec.Crm crm, HeaderStyle headers)
      throws IOException {
    return snapshot(build(crm, headers).resolve("warehouse"), "silver", "gold");
  }

  /** The demo company built once per CRM and header style for the whole class. */
  private Path build(DemoSpec.Crm crm, HeaderStyle headers) throws IOException {
    String name = crm + "-" + headers;
    Path root = BUILT.get(name);
    if (root == null) {
      root = work.resolve(name);
      Path landing = root.resolve("landing");
      DemoCompanyGenerator.generate(new DemoSpec(11, 0.05, FROM, TO, crm, headers), landing);
      assertThat(backfill(landing, root.resolve("warehouse"), FROM, TO).exitCode()).isZero();
      BUILT.put(name, root);
    }
    return root;
  }

  private Result backfill(Path landing, Path warehouse, LocalDate from, LocalDate to) {
    return backfill(warehouse.resolveSibling("var"), landing, warehouse, from, to);
  }

  private static Result backfill(
      Path var, Path landing, Path warehouse, LocalDate from, LocalDate to) {
    return tandem(
        var,
        "backfill",
        "--from",
        from.toString(),
        "--to",
        to.toString(),
        "--landing",
        landing.toString(),
        "--warehouse",
        warehouse.toString());
  }

  /** The record after the last row the truncated gzip still gave. */
  private static long damagedAfter(Path warehouse) {
    return table(warehouse, "bronze", "quarantine")
        .filter("source_file LIKE 'google_ads%'")
        .first()
        .<Long>getAs("record");
  }

  private static JsonNode lastReport(Path varDir) throws IOException {
    try (Stream<Path> runs = Files.list(varDir.resolve("runs"))) {
      Path dir = runs.sorted().reduce((a, b) -> b).orElseThrow();
      return new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    }
  }
}
