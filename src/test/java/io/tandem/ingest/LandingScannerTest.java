package io.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.TestPaths;
import io.tandem.contracts.SourceContract;
import io.tandem.storage.Location;
import io.tandem.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingScannerTest {
  @TempDir Path dir;

  /**
   * Nothing in the landing folder is passed over silently: a source folder in another case is read,
   * and every entry no contract reads is listed with its reason.
   */
  @Test
  void everyEntryIsReadOrListedWithTheReasonItIsNot() throws Exception {
    List<SourceContract> contracts = SourceContract.loadAll(TestPaths.home().resolve("schemas"));
    SourceContract lead =
        contracts.stream().filter(c -> c.object().equals("Lead")).findFirst().orElseThrow();
    Path landing = dir.resolve("landing");
    String row = "Id,Email\n00Q1,a@b.example\n";
    for (String file :
        List.of(
            "Salesforce/Lead/2026-11-20/part-0001.csv", // source folder in another case: read
            "salesforce/lead/2026-11-20/part-0002.csv", // object folder in another case: read
            "salesforce/Lead/2026-11-31/part-0003.csv", // no such day
            "salesforce/Lead/20261112/part-0004.csv", // no dashes
            "salesforce/Lead/-0001-01-01/part-0005.csv", // a year before 1
            "salesforce/Lead/2026-11-20/notes.txt", // not an extract
            "salesforce/Lead/2026-11-20/more/part-0006.csv", // one level too deep
            "salesforce/Lead/2026-11-20/_SUCCESS", // a connector's marker: hidden
            "salesforce/Lead/part-0007.csv", // outside a date folder
            "salesforce/Leads_old/2026-11-20/part-0008.csv", // no contract reads it
            "salesfroce/Lead/2026-11-20/part-0009.csv", // no such source
            "salesforce/Lead/2026-12-01/part-0010.csv")) { // after the business date: later
      Path path = landing.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, row);
    }
    LandingScanner scanner =
        new LandingScanner(new Storage(new Configuration()), Location.of(landing));

    assertThat(scanner.files(lead, LocalDate.parse("2026-11-20")))
        .extracting(LandingFile::relativePath)
        .containsExactly(
            "Salesforce/Lead/2026-11-20/part-0001.csv", "salesforce/lead/2026-11-20/part-0002.csv");
    assertThat(scanner.unread(contracts))
        .extracting(u -> u.path() + " | " + u.reason().substring(0, 20))
        .containsExactly(
            "salesforce/Lead/-0001-01-01 | not a date folder: t",
            "salesforce/Lead/2026-11-20/more | a folder inside a da",
            "salesforce/Lead/2026-11-20/notes.txt | not an extract file:",
            "salesforce/Lead/2026-11-31 | not a date folder: t",
            "salesforce/Lead/20261112 | not a date folder: t",
            "salesforce/Lead/part-0007.csv | a file outside a dat",
            "salesforce/Leads_old | no source contract o",
            "salesfroce | no source contract r");
  }

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

    // unread() finds the links on its own, before or without a call to files()
    assertThat(
            new LandingScanner(new Storage(new Configuration()), Location.of(landing))
                .unread(List.of(lead)))
        .extracting(LandingScanner.Unread::path)
        .containsExactly("salesforce/Lead/2026-11-19", "salesforce/Lead/2026-11-20/part-0002.csv");
    LandingScanner scanner =
        new LandingScanner(new Storage(new Configuration()), Location.of(landing));

    assertThat(scanner.files(lead, LocalDate.parse("2026-11-20")))
        .extracting(LandingFile::relativePath)
        .containsExactly(
            "salesforce/Lead/2026-11-20/part-0001.csv", "salesforce/Lead/2026-11-20/part-0003.csv");
    assertThat(scanner.unread(List.of(lead)))
        .extracting(LandingScanner.Unread::toString)
        .containsExactly(
            "salesforce/Lead/2026-11-19: a link to "
                + elsewhere.toRealPath()
                + ", outside the landing folder; not read. Copy the file into the landing folder to"
                + " ingest it",
            "salesforce/Lead/2026-11-20/part-0002.csv: a link to "
                + outside.toRealPath()
                + ", outside the landing folder; not read. Copy the file into the landing folder to"
                + " ingest it");
  }
}
