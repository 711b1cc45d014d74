package io.tandem.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Opens an extract file by its name: .csv, .json, .ndjson or .jsonl, each optionally .gz. */
final class ExtractFiles {
  private ExtractFiles() {}

  /** An opened extract: its records and, for CSV, its header (null for JSON). */
  record Opened(Iterator<RawRecord> records, List<String> header, Reader reader) {}

  static boolean isExtract(Path file) {
    String name = baseName(file);
    return name.endsWith(".csv")
        || name.endsWith(".json")
        || name.endsWith(".ndjson")
        || name.endsWith(".jsonl");
  }

  /** Opens {@code file}; a record longer than {@code maxRecordChars} is returned unreadable. */
  static Opened open(Path file, int maxRecordChars) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    String name = baseName(file);
    if (name.endsWith(".csv")) {
      CsvRecordReader csv = new CsvRecordReader(new BoundedLines(reader, maxRecordChars));
      return new Opened(csv, csv.header(), reader);
    }
    if (name.endsWith(".json")) {
      return new Opened(JsonRecordReader.array(reader, maxRecordChars), null, reader);
    }
    return new Opened(
        JsonRecordReader.ndjson(new BoundedLines(reader, maxRecordChars)), null, reader);
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }
}
