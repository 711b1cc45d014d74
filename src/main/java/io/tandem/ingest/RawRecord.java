package io.tandem.ingest;

import java.util.Map;

/**
 * One record as read from an extract file, before any contract check: its position in the file (the
 * line it starts on; for a JSON array, its index), its fields by header name, and its raw text. A
 * record that could not be parsed at all has {@code error} set and no fields.
 */
public record RawRecord(long position, Map<String, String> fields, String rawText, String error) {
  static RawRecord parsed(long position, Map<String, String> fields, String rawText) {
    return new RawRecord(position, fields, rawText, null);
  }

  static RawRecord unreadable(long position, String rawText, String error) {
    return new RawRecord(position, Map.of(), rawText, error);
  }
}
