package io.tandem.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads a text file line by line (LF, CRLF or CR ends) with a limit on a line's length: a longer
 * line is skipped to its end and returned as {@link Line#tooLong}, its first characters kept for
 * the quarantine. One stray quote or a file without line ends therefore never takes more memory
 * than the limit.
 */
final class BoundedLines {
  private static final int KEPT_OF_A_LONG_LINE = 200;

  /**
   * One physical line: its text (the start of it when too long), its 1-based number, and the line
   * end it had ({@code \n}, {@code \r\n}, {@code \r}, or empty at the end of the file), which a
   * quoted field over several lines keeps.
   */
  record Line(String text, long number, boolean tooLong, String ending) {}

  private final Reader in;
  private final int maxChars;
  private long number;
  private int pending = -2;

  BoundedLines(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  int maxChars() {
    return maxChars;
  }

  /** The next line, or null at the end of the input. */
  Line next() {
    int c = read();
    if (c == -1) {
      return null;
    }
    number++;
    StringBuilder text = new StringBuilder();
    boolean tooLong = false;
    while (c != -1 && c != '\n' && c != '\r') {
      if (text.length() < maxChars) {
        text.append((char) c);
      } else {
        tooLong = true;
      }
      c = read();
    }
    String ending = c == '\n' ? "\n" : c == -1 ? "" : "\r";
    if (c == '\r') {
      int after = read();
      if (after == '\n') {
        ending = "\r\n";
      } else if (after != -1) {
        pending = after;
      }
    }
    if (tooLong) {
      text.setLength(KEPT_OF_A_LONG_LINE);
    }
    return new Line(text.toString(), number, tooLong, ending);
  }

  private int read() {
    if (pending != -2) {
      int c = pending;
      pending = -2;
      return c;
    }
    try {
      return in.read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reason a record is not read when longer than the limit. */
  String tooLongReason() {
    return "record is longer than "
        + maxChars
        + " characters (quality.max_record_characters in conf/definitions.yml); it is skipped"
        + " and reading goes on after it. Raise the limit if such records are real";
  }
}
