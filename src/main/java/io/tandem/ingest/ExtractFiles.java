package io.tandem.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Opens an extract file by its name: .csv, .json, .ndjson or .jsonl, each optionally .gz. */
final class ExtractFiles {
  private ExtractFiles() {}

  /** An opened extract: its records and, for CSV, its header (null for JSON). */
  record Opened(Iterator<RawRecord> records, List<String> header, Reader reader) {}

  static boolean isExtract(String fileName) {
    String name = baseName(fileName);
    return name.endsWith(".csv")
        || name.endsWith(".json")
        || name.endsWith(".ndjson")
        || name.endsWith(".jsonl");
  }

  /**
   * Reads the extract file {@code fileName} from {@code stream}; a record longer than {@code
   * maxRecordChars} is returned unreadable.
   */
  static Opened open(InputStream stream, String fileName, int maxRecordChars) throws IOException {
    try {
      InputStream in = new BufferedInputStream(stream, 1 << 16);
      if (fileName.toLowerCase(Locale.ROOT).endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
      String name = baseName(fileName);
      if (name.endsWith(".csv")) {
        CsvRecordReader csv = new CsvRecordReader(new BoundedLines(reader, maxRecordChars));
        return new Opened(csv, csv.header(), reader);
      }
      if (name.endsWith(".json")) {
        return new Opened(JsonRecordReader.array(reader, maxRecordChars), null, reader);
      }
      return new Opened(
          JsonRecordReader.ndjson(new BoundedLines(reader, maxRecordChars)), null, reader);
    } catch (IOException | RuntimeException e) {
      stream.close(); // an object store's open stream holds a connection
      throw e;
    }
  }

  private static String baseName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }
}
