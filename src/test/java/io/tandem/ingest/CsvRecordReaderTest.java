package io.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static List<RawRecord> read(String csv) {
    List<RawRecord> records = new ArrayList<>();
    new CsvRecordReader(new BoundedLines(new StringReader(csv), 1000))
        .forEachRemaining(records::add);
    return records;
  }

  @Test
  void readsQuotedFieldsWithCommasQuotesAndNewlinesAndKeepsStartLines() {
    String csv =
        "\uFEFFId,Name,Note\r\n1,\"Acme, Inc\",\"say \"\"hi\"\"\"\r\n2,Beta,\"two\r\nlines\"\r\n3,Gamma,\r\n";

    List<RawRecord> records = read(csv);

    assertThat(records).extracting(RawRecord::position).containsExactly(2L, 3L, 5L);
    assertThat(records.get(0).fields())
        .containsEntry("Id", "1")
        .containsEntry("Name", "Acme, Inc")
        .containsEntry("Note", "say \"hi\"");
    assertThat(records.get(1).fields()).containsEntry("Note", "two\r\nlines");
    assertThat(records.get(2).fields()).containsEntry("Note", "");
  }

  @Test
  void headerStripsTheByteOrderMark() {
    CsvRecordReader reader =
        new CsvRecordReader(new BoundedLines(new StringReader("\uFEFFId,Name\n"), 1000));

    assertThat(reader.header()).containsExactly("Id", "Name");
  }

  @Test
  void rowWithWrongFieldCountIsUnreadableWithItsRawText() {
    List<RawRecord> records = read("a,b,c\n1,2,3\n4,5\n6,7,8\n");

    assertThat(records).hasSize(3);
    assertThat(records.get(1).error()).isEqualTo("row has 2 fields but the header has 3");
    assertThat(records.get(1).rawText()).isEqualTo("4,5");
    assertThat(records.get(1).position()).isEqualTo(3);
    assertThat(records.get(2).fields()).containsEntry("c", "8");
  }

  @Test
  void anUnterminatedQuoteCostsOneLineAndReadingResumesOnTheNext() {
    List<RawRecord> records = read("a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n10,11,12\n");

    assertThat(records).extracting(RawRecord::position).containsExactly(2L, 3L, 4L, 5L);
    assertThat(records.get(1).error()).startsWith("a quoted field opened on this line is never");
    assertThat(records.get(1).rawText()).isEqualTo("4,\"5,6");
    assertThat(records.get(2).fields()).containsEntry("a", "7").containsEntry("c", "9");
    assertThat(records.get(3).fields()).containsEntry("c", "12");
  }

  @Test
  void aStrayQuoteThatClosesOnALaterLineStillCostsOnlyItsOwnLine() {
    List<RawRecord> records = read("a,b\n\"1,2\n3,4\n5,\"6\n7,8\n");

    assertThat(records)
        .extracting(r -> r.error() == null)
        .containsExactly(false, true, false, true);
    assertThat(records.get(1).fields()).containsEntry("a", "3").containsEntry("b", "4");
    assertThat(records.get(3).fields()).containsEntry("a", "7");
  }

  @Test
  void aRecordLongerThanTheLimitIsUnreadableAndTheNextIsRead() {
    List<RawRecord> records =
        read("a,b\n1," + "x".repeat(5000) + "\n2,\"" + "y\n".repeat(600) + "3,4\n");

    assertThat(records.get(0).error()).startsWith("record is longer than 1000 characters");
    assertThat(records.get(0).rawText()).hasSize(200);
    assertThat(records.get(1).error()).startsWith("a quoted field opened on this line");
    // the lines the open quote took in are read again: each is one field short, then 3,4 reads
    assertThat(records).hasSize(602);
    assertThat(records.get(601).fields()).containsEntry("a", "3").containsEntry("b", "4");
  }

  @Test
  void skipsBlankLinesAndAcceptsAMissingFinalNewline() {
    List<RawRecord> records = read("a,b\n\n1,2\n\n3,4");

    assertThat(records).extracting(r -> r.fields().get("b")).containsExactly("2", "4");
  }
}
