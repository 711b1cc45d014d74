package io.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingScannerTest {
  @TempDir Path dir;

  @Test
  void aLinkOutOfTheLandingFolderIsNotReadAndIsReportedWithItsReason() throws Exception {
    SourceContract lead =
        SourceContract.loadAll(TestPaths.home().resolve("schemas")).stream()
            .filter(c -> c.source().equals("salesforce") && c.object().equals("Lead"))
            .findFirst()
            .orElseThrow();
    Path landing = dir.resolve("landing");
    Path day = Files.createDirectories(landing.resolve("salesforce/Lead/2026-11-20"));
    Files.writeString(day.resolve("part-0001.csv"), "Id,Email\n00Q1,a@b.example\n");
    Path outside = Files.writeString(dir.resolve("passwords.csv"), "user,password\nroot,hunter2\n");
    Files.createSymbolicLink(day.resolve("part-0002.csv"), outside);
    // a link that stays inside the landing folder is an ordinary file to read
    Files.createSymbolicLink(day.resolve("part-0003.csv"), day.resolve("part-0001.csv"));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("part-0001.csv"), "Id,Email\n00Q9,z@b.example\n");
    Files.createSymbolicLink(landing.resolve("salesforce/Lead/2026-11-19"), elsewhere);

    LandingScanner scanner = new LandingScanner(landing);

    assertThat(scanner.files(lead, LocalDate.parse("2026-11-20")))
        .extracting(LandingFile::relativePath)
        .containsExactly(
            "salesforce/Lead/2026-11-20/part-0001.csv", "salesforce/Lead/2026-11-20/part-0003.csv");
    assertThat(scanner.skipped())
        .containsExactly(
            "salesforce/Lead/2026-11-19/part-0001.csv: a link to "
                + elsewhere.toRealPath().resolve("part-0001.csv")
                + ", outside the landing folder; not read. Copy the file into the landing folder to"
                + " ingest it",
            "salesforce/Lead/2026-11-20/part-0002.csv: a link to "
                + outside.toRealPath()
                + ", outside the landing folder; not read. Copy the file into the landing folder to"
                + " ingest it");
  }
}
