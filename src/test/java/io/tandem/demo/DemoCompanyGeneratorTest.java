package io.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCompanyGeneratorTest {
  private static final DemoSpec SMALL =
      new DemoSpec(7, 0.05, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 4, 15));

  @Test
  void sameSeedGivesByteIdenticalExtracts(@TempDir Path first, @TempDir Path second)
      throws IOException {
    DemoCompanyGenerator.generate(SMALL, first);
    DemoCompanyGenerator.generate(SMALL, second);

    List<Path> files = files(first);
    assertThat(files).hasSizeGreaterThan(100);
    assertThat(files(second)).isEqualTo(files);
    for (Path file : files) {
      assertThat(Files.readAllBytes(second.resolve(file)))
          .as(file.toString())
          .isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
  }

  @Test
  void anotherSeedGivesAnotherCompany(@TempDir Path first, @TempDir Path second)
      throws IOException {
    DemoCompanyGenerator.generate(SMALL, first);
    DemoCompanyGenerator.generate(new DemoSpec(8, SMALL.scale(), SMALL.from(), SMALL.to()), second);

    Path leads = Path.of("_ground_truth/leads.csv");
    assertThat(Files.readString(second.resolve(leads)))
        .isNotEqualTo(Files.readString(first.resolve(leads)));
  }

  @Test
  void writesEverySourceInItsVendorFormatWithConsistentIdentities(@TempDir Path landing)
      throws IOException {
    DemoCompanyGenerator.generate(SMALL, landing);

    assertThat(landing.resolve("salesforce/Lead/2025-03-03/part-0001.csv")).exists();
    assertThat(landing.resolve("ga4/events/2025-03-03/events_20250303.ndjson.gz")).exists();
    assertThat(landing.resolve("linkedin_ads/ad_analytics/2025-03-03/ad_analytics.json"))
        .content()
        .startsWith("{\"elements\": [");
    assertThat(landing.resolve("meta_ads/ads_insights/2025-03-03/part-0001.csv"))
        .content()
        .contains("\"[{\"\"action_type\"\"");
    String header =
        Files.readAllLines(landing.resolve("salesforce/Lead/2025-03-03/part-0001.csv")).get(0);
    assertThat(header)
        .startsWith("Id,CreatedDate,SystemModstamp")
        .contains("GA_Client_ID__c", "GCLID__c");

    // every lead with a GA client id was a GA4 visitor: its cookie appears in some GA4 export
    List<String> truth = Files.readAllLines(landing.resolve("_ground_truth/leads.csv"));
    String cookie =
        truth.stream()
            .skip(1)
            .map(l -> l.split(",")[2])
            .filter(c -> !c.isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(
            files(landing).stream()
                .filter(p -> p.toString().startsWith("ga4/"))
                .anyMatch(p -> gunzip(landing.resolve(p)).contains(cookie)))
        .isTrue();
  }

  private static String gunzip(Path file) {
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
