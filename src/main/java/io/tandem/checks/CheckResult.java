package io.tandem.checks;

import java.util.Locale;

/** One quality check's outcome: failed checks block publishing, warnings are reported only. */
record CheckResult(String check, Status status, String message) {
  enum Status {
    PASSED,
    WARNING,
    FAILED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static CheckResult of(String check, boolean failed, String message) {
    return new CheckResult(check, failed ? Status.FAILED : Status.PASSED, message);
  }
}
