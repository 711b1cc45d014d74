package io.tandem.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams an RFC 4180 CSV file: a header row, quoted fields with embedded commas, quotes ({@code
 * ""}) and newlines, CRLF or LF line ends, and a UTF-8 byte-order mark. Each record knows the line
 * it starts on; a row whose field count differs from the header's is returned unreadable.
 */
final class CsvRecordReader extends LookaheadIterator<RawRecord> {
  private final Reader in;
  private final List<String> header;
  private long line = 1;
  private int lookahead = -2;

  CsvRecordReader(Reader in) {
    this.in = in;
    skipByteOrderMark();
    List<String> first = readRow(new StringBuilder());
    this.header = first == null ? List.of() : first;
  }

  List<String> header() {
    return header;
  }

  @Override
  protected RawRecord computeNext() {
    while (true) {
      long start = line;
      StringBuilder raw = new StringBuilder();
      List<String> row = readRow(raw);
      if (row == null) {
        return null;
      }
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // blank line
      }
      if (row.size() != header.size()) {
        return RawRecord.unreadable(
            start,
            raw.toString(),
            "row has " + row.size() + " fields but the header has " + header.size());
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        fields.put(header.get(i), row.get(i));
      }
      return RawRecord.parsed(start, fields, raw.toString());
    }
  }

  /** Reads one logical row, or null at end of input; appends its raw text to {@code raw}. */
  private List<String> readRow(StringBuilder raw) {
    int c = read();
    if (c == -1) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldWasQuoted = false;
    while (true) {
      if (c == -1) {
        fields.add(field.toString());
        return fields;
      }
      if (quoted) {
        raw.append((char) c);
        if (c == '"') {
          if (peek() == '"') {
            raw.append((char) read());
            field.append('"');
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == '"' && field.isEmpty() && !fieldWasQuoted) {
        raw.append('"');
        quoted = true;
        fieldWasQuoted = true;
      } else if (c == ',') {
        raw.append(',');
        fields.add(field.toString());
        field.setLength(0);
        fieldWasQuoted = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && peek() == '\n') {
          read();
        }
        line++;
        fields.add(field.toString());
        return fields;
      } else {
        raw.append((char) c);
        field.append((char) c);
      }
      c = read();
    }
  }

  private void skipByteOrderMark() {
    if (peek() == '\uFEFF') {
      read();
    }
  }

  private int peek() {
    if (lookahead == -2) {
      lookahead = readChar();
    }
    return lookahead;
  }

  private int read() {
    if (lookahead != -2) {
      int c = lookahead;
      lookahead = -2;
      return c;
    }
    return readChar();
  }

  private int readChar() {
    try {
      return in.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
