package io.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordReaderTest {

  private static List<RawRecord> drain(Iterator<RawRecord> reader) {
    List<RawRecord> records = new ArrayList<>();
    reader.forEachRemaining(records::add);
    return records;
  }

  @Test
  void flattensNestedObjectsAndKeepsArraysAsJson() {
    String line =
        "{\"event_name\":\"page_view\",\"event_params\":[{\"key\":\"ga_session_id\",\"value\":{\"int_value\":7}}],"
            + "\"traffic_source\":{\"source\":\"google\",\"medium\":\"cpc\"},\"user_id\":null}";

    List<RawRecord> records =
        drain(JsonRecordReader.ndjson(new BoundedLines(new StringReader(line + "\n"), 1000)));

    assertThat(records).hasSize(1);
    assertThat(records.get(0).fields())
        .containsEntry("event_name", "page_view")
        .containsEntry("traffic_source.source", "google")
        .containsEntry("traffic_source.medium", "cpc")
        .containsEntry("event_params", "[{\"key\":\"ga_session_id\",\"value\":{\"int_value\":7}}]")
        .containsEntry("user_id", null);
  }

  @Test
  void badNdjsonLineIsUnreadableAndReadingGoesOn() {
    List<RawRecord> records =
        drain(
            JsonRecordReader.ndjson(
                new BoundedLines(new StringReader("{\"a\":1}\n{\"a\":\n{\"a\":3}\n"), 1000)));

    assertThat(records).hasSize(3);
    assertThat(records.get(1).error()).startsWith("line is not valid JSON");
    assertThat(records.get(1).position()).isEqualTo(2);
    assertThat(records.get(2).fields()).containsEntry("a", "3");
  }

  @Test
  void readsArraysAndApiResponseWrappers() throws IOException {
    assertThat(drain(JsonRecordReader.array(new StringReader("[{\"a\":1},{\"a\":2}]"), 1000)))
        .extracting(r -> r.fields().get("a"))
        .containsExactly("1", "2");
    assertThat(
            drain(
                JsonRecordReader.array(
                    new StringReader("{\"paging\":{},\"elements\":[{\"a\":1}]}"), 1000)))
        .extracting(r -> r.fields().get("a"))
        .containsExactly("1");
  }

  @Test
  void truncatedArrayEndsWithOneUnreadableRecord() throws IOException {
    List<RawRecord> records =
        drain(JsonRecordReader.array(new StringReader("[{\"a\":1},{\"a\":"), 1000));

    assertThat(records).hasSize(2);
    assertThat(records.get(0).fields()).containsEntry("a", "1");
    assertThat(records.get(1).error()).startsWith("JSON is damaged");
  }
}
