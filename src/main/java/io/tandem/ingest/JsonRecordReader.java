package io.tandem.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams JSON extracts: newline-delimited JSON (one object a line, as the GA4 BigQuery export and
 * HubSpot exports write it) or a JSON array of objects, optionally wrapped in an API response
 * object ({@code {"elements": [...]}}, {@code {"results": [...]}}). Nested objects are flattened to
 * dotted names ({@code metrics.cost_micros}); arrays are kept as JSON text for silver to parse
 * ({@code event_params}, Meta {@code actions}).
 */
final class JsonRecordReader extends LookaheadIterator<RawRecord> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WRAPPER_FIELDS = List.of("elements", "results", "data", "rows");

  private final BoundedLines lines;
  private final JsonParser array;
  private long position;
  private boolean damaged;

  private JsonRecordReader(BoundedLines lines, JsonParser array) {
    this.lines = lines;
    this.array = array;
  }

  static JsonRecordReader ndjson(BoundedLines lines) {
    return new JsonRecordReader(lines, null);
  }

  /** A JSON array whose string values may hold up to {@code maxChars} characters each. */
  static JsonRecordReader array(Reader in, int maxChars) throws IOException {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(maxChars).build())
            .build();
    JsonParser parser = factory.setCodec(JSON).createParser(in);
    JsonToken first = parser.nextToken();
    if (first == JsonToken.START_OBJECT) {
      if (!advanceToWrappedArray(parser)) {
        throw new IOException(
            "expected a JSON array of records or an object with an 'elements' or 'results' array");
      }
    } else if (first != JsonToken.START_ARRAY) {
      throw new IOException("expected a JSON array of records, found " + first);
    }
    return new JsonRecordReader(null, parser);
  }

  @Override
  protected RawRecord computeNext() {
    return lines != null ? nextLine() : nextElement();
  }

  private RawRecord nextLine() {
    BoundedLines.Line line;
    do {
      line = lines.next();
      if (line == null) {
        return null;
      }
    } while (!line.tooLong() && line.text().isBlank());
    position = line.number();
    if (line.tooLong()) {
      return RawRecord.unreadable(position, line.text(), lines.tooLongReason());
    }
    try {
      JsonNode node = JSON.readTree(line.text());
      if (!node.isObject()) {
        return RawRecord.unreadable(position, line.text(), "line is JSON but not an object");
      }
      return RawRecord.parsed(position, flatten(node), line.text());
    } catch (JsonProcessingException e) {
      return RawRecord.unreadable(
          position, line.text(), "line is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private RawRecord nextElement() {
    if (damaged) {
      return null;
    }
    try {
      JsonToken token = array.nextToken();
      if (token == null || token == JsonToken.END_ARRAY) {
        return null;
      }
      position++;
      JsonNode node = array.readValueAsTree();
      if (node == null || !node.isObject()) {
        return RawRecord.unreadable(
            position, String.valueOf(node), "array element is not an object");
      }
      return RawRecord.parsed(position, flatten(node), node.toString());
    } catch (IOException e) {
      // A broken array cannot be resynchronised: report where it broke and read no further.
      damaged = true;
      return RawRecord.unreadable(
          position,
          "",
          "JSON is damaged from here on: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static boolean advanceToWrappedArray(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.START_ARRAY && WRAPPER_FIELDS.contains(name)) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", node, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    node.properties()
        .forEach(
            entry -> {
              String name = prefix + entry.getKey();
              JsonNode value = entry.getValue();
              if (value.isObject()) {
                flatten(name + ".", value, out);
              } else if (value.isArray()) {
                out.put(name, value.toString());
              } else if (value.isNull()) {
                out.put(name, null);
              } else {
                out.put(name, value.asText());
              }
            });
  }
}
