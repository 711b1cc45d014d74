package io.tandem.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams an RFC 4180 CSV file: a header row, quoted fields with embedded commas, quotes ({@code
 * ""}) and newlines, CRLF or LF line ends, and a UTF-8 byte-order mark. Each record knows the line
 * it starts on; a row whose field count differs from the header's is returned unreadable.
 *
 * <p>A stray quote opens a field that may never close. The reader then resynchronises instead of
 * swallowing the rest of the file as one field: when a quoted field is still open at the end of the
 * file or past the record length limit, or a record over several lines has the wrong number of
 * fields, only its first line is returned unreadable and reading starts again on the line after it.
 * Every line is therefore either part of a record read or counted in an unreadable one.
 */
final class CsvRecordReader extends LookaheadIterator<RawRecord> {
  private final BoundedLines lines;
  private final Deque<BoundedLines.Line> reread = new ArrayDeque<>();
  private final List<String> header;

  CsvRecordReader(BoundedLines lines) {
    this.lines = lines;
    BoundedLines.Line first = nextLine();
    if (first != null && first.text().startsWith("\uFEFF")) {
      first =
          new BoundedLines.Line(
              first.text().substring(1), first.number(), first.tooLong(), first.ending());
    }
    this.header = first == null ? List.of() : new Parse(first.text()).finish();
  }

  List<String> header() {
    return header;
  }

  @Override
  protected RawRecord computeNext() {
    while (true) {
      BoundedLines.Line first = nextLine();
      if (first == null) {
        return null;
      }
      if (first.tooLong()) {
        return RawRecord.unreadable(first.number(), first.text(), lines.tooLongReason());
      }
      if (first.text().isEmpty()) {
        continue; // blank line
      }
      RawRecord record = record(first);
      if (record != null) {
        return record;
      }
    }
  }

  /** The record starting on {@code first}, or an unreadable first line with the rest re-read. */
  private RawRecord record(BoundedLines.Line first) {
    Parse parse = new Parse(first.text());
    List<BoundedLines.Line> continuation = new ArrayList<>();
    int length = first.text().length();
    BoundedLines.Line last = first;
    while (parse.quoteOpen()) {
      BoundedLines.Line next = nextLine();
      if (next == null || next.tooLong() || length + next.text().length() >= lines.maxChars()) {
        if (next != null) {
          continuation.add(next);
        }
        return resynchronise(
            first,
            continuation,
            "a quoted field opened on this line is never closed (a stray quote?); this line is"
                + " skipped and reading goes on from the next line");
      }
      continuation.add(next);
      length += next.text().length() + 1;
      parse.feed(last.ending() + next.text());
      last = next;
    }
    List<String> row = parse.finish();
    String raw = raw(first, continuation);
    if (row.size() != header.size()) {
      String reason = "row has " + row.size() + " fields but the header has " + header.size();
      if (!continuation.isEmpty()) {
        return resynchronise(
            first,
            continuation,
            reason
                + " when read with the next lines (a stray quote?); this line is skipped and"
                + " reading goes on from the next line");
      }
      return RawRecord.unreadable(first.number(), raw, reason);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      fields.put(header.get(i), row.get(i));
    }
    return RawRecord.parsed(first.number(), fields, raw);
  }

  private RawRecord resynchronise(
      BoundedLines.Line first, List<BoundedLines.Line> continuation, String reason) {
    for (int i = continuation.size() - 1; i >= 0; i--) {
      reread.addFirst(continuation.get(i));
    }
    return RawRecord.unreadable(first.number(), first.text(), reason);
  }

  private static String raw(BoundedLines.Line first, List<BoundedLines.Line> continuation) {
    StringBuilder raw = new StringBuilder(first.text());
    BoundedLines.Line previous = first;
    for (BoundedLines.Line line : continuation) {
      raw.append(previous.ending()).append(line.text());
      previous = line;
    }
    return raw.toString();
  }

  private BoundedLines.Line nextLine() {
    return reread.isEmpty() ? lines.next() : reread.removeFirst();
  }

  /** The fields of one record, fed line by line while a quoted field stays open. */
  private static final class Parse {
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean quoted;
    private boolean fieldWasQuoted;

    Parse(String line) {
      feed(line);
    }

    void feed(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"' && field.isEmpty() && !fieldWasQuoted) {
          quoted = true;
          fieldWasQuoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          fieldWasQuoted = false;
        } else {
          field.append(c);
        }
      }
    }

    boolean quoteOpen() {
      return quoted;
    }

    List<String> finish() {
      fields.add(field.toString());
      return fields;
    }
  }
}
