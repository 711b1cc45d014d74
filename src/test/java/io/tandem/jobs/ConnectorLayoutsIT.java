package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.ingest.IngestStep;
import io.tandem.model.LayerStep;
import io.tandem.pipeline.RunContext;
import io.tandem.pipeline.StepOutcome;
import io.tandem.storage.Location;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same ad and CRM records as the vendors' APIs export them and as ELT connectors write them
 * (Fivetran's tables: ad-grain reports without campaign columns, breakdown rows per network and
 * device, history tables for campaigns, ads and accounts, renamed keys, warehouse timestamp forms;
 * Airbyte's streams: hourly rows, dotted column names, no customer id, flattened HubSpot properties
 * and bare association ids) give the same silver tables.
 */
class ConnectorLayoutsIT extends JobTestBase {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
  private static final List<String> ADS_AND_CRM =
      List.of(
          "silver.stg_google_ads_campaign_performance",
          "silver.stg_meta_ads_ads_insights",
          "silver.stg_linkedin_ads_ad_analytics",
          "silver.stg_linkedin_ads_campaigns",
          "silver.stg_hubspot_deals",
          "silver.stg_hubspot_companies",
          "silver.stg_salesforce_lead",
          "silver.stg_salesforce_opportunity_history",
          "silver.ads_daily_performance");

  /** The silver tables each layout's fixtures cover (what a connector's docs let us write). */
  private static final Map<String, List<String>> COMPARED =
      Map.of(
          "fivetran",
          Stream.concat(
                  ADS_AND_CRM.stream(),
                  Stream.of("silver.stg_hubspot_engagements", "silver.stg_hubspot_contacts"))
              .toList(),
          "airbyte",
          ADS_AND_CRM,
          "stitch",
          List.of(
              "silver.stg_salesforce_lead",
              "silver.stg_linkedin_ads_ad_analytics",
              "silver.stg_linkedin_ads_campaigns"));

  @TempDir static Path work;
  private static final Map<String, Built> BUILT = new TreeMap<>();

  @BeforeAll
  static void buildEveryLayout() throws IOException {
    for (String layout : List.of("api", "fivetran", "airbyte", "stitch")) {
      BUILT.put(layout, silver(layout));
    }
  }

  @Test
  void aConnectorLayoutGivesTheSameSilverAsTheApiLayout() {
    Map<String, List<String>> api = BUILT.get("api").tables;
    COMPARED.forEach(
        (layout, tables) -> {
          for (String table : tables) {
            assertThat(api.get(table)).as(table).isNotEmpty();
            assertThat(BUILT.get(layout).tables.get(table))
                .as(layout + " " + table)
                .isEqualTo(api.get(table));
          }
        });
    // breakdown rows of one day add up; the campaign's latest name comes from its history
    assertThat(BUILT.get("fivetran").tables.get("silver.stg_google_ads_campaign_performance"))
        .containsExactly(
            "2026-11-08|2121450128|EUR|Europe/Berlin|9935249409|Brand Search|SEARCH|1000|50|25|3.0|300.0",
            "2026-11-09|2121450128|EUR|Europe/Berlin|9935249409|Brand Search|SEARCH|800|40|20|2.0|200.0");
    // one row per engagement and contact, from the connector's association table
    assertThat(BUILT.get("fivetran").tables.get("silver.stg_hubspot_engagements")).hasSize(3);
  }

  @Test
  void columnsAConnectorDoesNotSyncLoadAsNullWithADriftNote() {
    assertThat(BUILT.get("fivetran").notes)
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith(
                        "schema drift in meta_ads/ads_insights: column(s) date_stop,"
                            + " account_currency, campaign_id, campaign_name, adset_id, clicks,"
                            + " actions of ads_insights.yml are not in the header of 1 file(s)"
                            + " (meta_ads/basic_ad/2026-11-10/basic_ad.csv)"));
  }

  private record Built(Map<String, List<String>> tables, List<String> notes) {}

  private static Built silver(String layout) throws IOException {
    Path root = work.resolve(layout);
    copyLanding(TestPaths.fixture("connectors").resolve(layout), root.resolve("landing"));
    TandemSettings settings =
        new TandemSettings(TestPaths.home().toString(), null, null, null, null);
    RunContext run =
        new RunContext(
            layout,
            DAY,
            DAY,
            Location.of(root.resolve("landing")),
            Location.of(root.resolve("warehouse")),
            root.resolve("run"),
            Clock.systemUTC(),
            true);
    StepOutcome ingest = new IngestStep(spark(), settings).execute(run);
    new LayerStep("conform", "silver", spark(), settings).execute(run);
    return new Built(snapshot(root.resolve("warehouse"), "silver"), ingest.notes());
  }
}
