package io.tandem.errors;

/** A failure a user can act on: the message says what failed, where, and what to do. */
public class TandemException extends RuntimeException {
  private final int exitCode;

  TandemException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
