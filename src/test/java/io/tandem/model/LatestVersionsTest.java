package io.tandem.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.SparkTestBase;
import io.tandem.TestPaths;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the report's version counts of a bronze table say, without ranking its rows. */
class LatestVersionsTest extends SparkTestBase {
  private static final SourceContract LEAD =
      SourceContract.loadAll(
              new TandemSettings(TestPaths.home().toString(), null, null, null, null).schemasPath())
          .stream()
          .filter(c -> c.bronzeTable().equals("raw_salesforce_lead"))
          .findFirst()
          .orElseThrow();

  /**
   * Lead versions (key id; versions by system_modstamp then last_modified_date; deleted by
   * is_deleted or the connector's _fivetran_deleted), as of November 21.
   */
  @Test
  void theCountsAreThoseOfTheRankedVersions() {
    sql("SELECT * FROM VALUES"
            // L1: three versions, the latest by modstamp is kept though an older one is deleted
            + " ('L1', '2026-11-03T10:00:00Z', NULL, 'false', 'a', 1L, DATE'2026-11-20', NULL),"
            + " ('L1', '2026-11-01T10:00:00Z', NULL, 'true', 'a', 2L, DATE'2026-11-20', NULL),"
            + " ('L1', '2026-11-02T10:00:00Z', NULL, 'false', 'b', 1L, DATE'2026-11-21', NULL),"
            // L2: the version without a modstamp arrived later, yet the dated one is the latest
            + " ('L2', '2026-11-02T10:00:00Z', NULL, 'true', 'a', 3L, DATE'2026-11-20', NULL),"
            + " ('L2', NULL, '2026-11-05T10:00:00Z', 'false', 'b', 2L, DATE'2026-11-21', NULL),"
            // L3: the same versions; the later extract is the latest, deleted by the connector
            + " ('L3', '2026-11-02T10:00:00Z', NULL, 'false', 'a', 4L, DATE'2026-11-20', NULL),"
            + " ('L3', '2026-11-02T10:00:00Z', NULL, 'false', 'b', 3L, DATE'2026-11-21',"
            + " map('_fivetran_deleted', 'true')),"
            // rows without a key are one key
            + " (NULL, '2026-11-02T10:00:00Z', NULL, 'false', 'a', 5L, DATE'2026-11-20', NULL),"
            + " (NULL, '2026-11-03T10:00:00Z', NULL, 'true', 'a', 6L, DATE'2026-11-20', NULL),"
            // extracted after the business date: not read
            + " ('L4', '2026-11-02T10:00:00Z', NULL, 'true', 'c', 1L, DATE'2026-11-22', NULL)"
            + " AS t(id, system_modstamp, last_modified_date, is_deleted, _source_file,"
            + " _source_record, _extract_date, _extra)")
        .createOrReplaceTempView("lead_versions");
    String from =
        LatestVersions.from(
            LEAD, "lead_versions", LocalDate.of(2026, 11, 21), Optional.empty(), Optional.empty());

    // 9 rows of 4 keys: 5 superseded; the latest of L2, L3 and the keyless rows are deleted
    assertThat(rows(LatestVersions.countSql(LEAD, from)))
        .containsExactly(List.of("raw_salesforce_lead", 9L, 5L, 3L));
    assertThat(
            rows(
                "SELECT 'raw_salesforce_lead', count(*), count_if(_version_rank > 1),"
                    + " count_if(_version_rank = 1 AND (coalesce(parse_boolean(is_deleted), false)"
                    + " OR coalesce(parse_boolean(_extra['_fivetran_deleted']), false))) FROM ("
                    + LatestVersions.rankedSql(LEAD, from)
                    + ")"))
        .containsExactly(List.of("raw_salesforce_lead", 9L, 5L, 3L));
  }
}
