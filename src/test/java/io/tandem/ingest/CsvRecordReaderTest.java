package io.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

  private static List<RawRecord> read(String csv) {
    List<RawRecord> records = new ArrayList<>();
    new CsvRecordReader(new StringReader(csv)).forEachRemaining(records::add);
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
    CsvRecordReader reader = new CsvRecordReader(new StringReader("\uFEFFId,Name\n"));

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
  void skipsBlankLinesAndAcceptsAMissingFinalNewline() {
    List<RawRecord> records = read("a,b\n\n1,2\n\n3,4");

    assertThat(records).extracting(r -> r.fields().get("b")).containsExactly("2", "4");
  }
}
