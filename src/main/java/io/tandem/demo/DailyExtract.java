package io.tandem.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The files of one source object, one per extract date, as the vendor writes them: CSV with a
 * header (RFC 4180 quoting, CRLF), newline-delimited JSON, or a JSON document. Records with an id
 * keep only their last version of the day, like an incremental connector sync.
 */
final class DailyExtract {
  enum Format {
    CSV,
    NDJSON,
    NDJSON_GZ,
    JSON_ELEMENTS
  }

  private final String source;
  private final String object;
  private final String fileName;
  private final Format format;
  private final List<String> header;
  private final HeaderStyle style;
  private final TreeMap<LocalDate, Map<String, String>> days = new TreeMap<>();
  private LocalDate lastWritten = LocalDate.MIN;
  private long records;

  DailyExtract(
      String source,
      String object,
      String fileName,
      Format format,
      HeaderStyle style,
      List<String> header) {
    this.source = source;
    this.object = object;
    this.fileName = fileName;
    this.format = format;
    this.style = style;
    this.header = header;
  }

  static DailyExtract csv(String source, String object, HeaderStyle style, String... header) {
    return new DailyExtract(source, object, "part-0001.csv", Format.CSV, style, List.of(header));
  }

  static DailyExtract json(String source, String object, String fileName, Format format) {
    return new DailyExtract(source, object, fileName, format, HeaderStyle.API, List.of());
  }

  /** Adds a CSV row; a later row with the same id on the same day replaces the earlier one. */
  void row(LocalDate day, String id, List<String> values) {
    if (values.size() != header.size()) {
      throw new IllegalArgumentException(
          object + ": " + values.size() + " values for " + header.size() + " columns");
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      line.append(i == 0 ? "" : ",").append(quote(values.get(i)));
    }
    put(day, id, line.toString());
  }

  /** Adds a JSON line (or JSON element) with no id: every one is kept. */
  void json(LocalDate day, String json) {
    put(day, Long.toString(records), json);
  }

  /** Adds a JSON record; a later one with the same id on the same day replaces the earlier. */
  void json(LocalDate day, String id, String json) {
    put(day, id, json);
  }

  private void put(LocalDate day, String id, String line) {
    if (!day.isAfter(lastWritten)) {
      // The day's file is on disk already: writing it again would drop the rows it holds.
      throw new IllegalStateException(
          name()
              + ": a record for "
              + day
              + " after the files through "
              + lastWritten
              + " were written");
    }
    Map<String, String> lines = days.computeIfAbsent(day, d -> new LinkedHashMap<>());
    if (lines.put(id, line) == null) {
      records++;
    }
  }

  long records() {
    return records;
  }

  String name() {
    return source + "/" + object;
  }

  /**
   * Writes the days up to and including {@code through}, then forgets them; a record for one of
   * those days is refused from then on.
   */
  void flushThrough(Path landing, LocalDate through) throws IOException {
    var written = new ArrayList<LocalDate>();
    for (var day : days.headMap(through, true).entrySet()) {
      write(landing, day.getKey(), day.getValue().values());
      written.add(day.getKey());
    }
    written.forEach(days::remove);
    if (!written.isEmpty()) {
      lastWritten = written.get(written.size() - 1);
    }
  }

  private void write(Path landing, LocalDate day, Iterable<String> lines) throws IOException {
    Path dir = landing.resolve(source).resolve(object).resolve(day.toString());
    Files.createDirectories(dir);
    String name = fileName.replace("{yyyymmdd}", day.toString().replace("-", ""));
    OutputStream out = Files.newOutputStream(dir.resolve(name));
    if (format == Format.NDJSON_GZ) {
      out = new GZIPOutputStream(out, 1 << 16); // Java writes a zero mtime: output is reproducible
    }
    try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      switch (format) {
        case CSV -> {
          // Connectors add their own sync column; Tandem must keep it in bronze and ignore it.
          String synced = style == HeaderStyle.SNAKE ? "," + day + "T05:00:00.000Z" : "";
          writer.write(String.join(",", header.stream().map(style::apply).toList()));
          writer.write(style == HeaderStyle.SNAKE ? ",_fivetran_synced\r\n" : "\r\n");
          for (String line : lines) {
            writer.write(line);
            writer.write(synced);
            writer.write("\r\n");
          }
        }
        case NDJSON, NDJSON_GZ -> {
          for (String line : lines) {
            writer.write(line);
            writer.write('\n');
          }
        }
        case JSON_ELEMENTS -> {
          writer.write("{\"elements\": [\n");
          boolean first = true;
          for (String line : lines) {
            writer.write(first ? "  " : ",\n  ");
            writer.write(line);
            first = false;
          }
          writer.write("\n], \"paging\": {\"count\": 10000, \"start\": 0}}\n");
        }
      }
    }
  }

  static String quote(String value) {
    if (value == null) {
      return "";
    }
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
