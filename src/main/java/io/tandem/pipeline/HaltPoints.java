package io.tandem.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deterministic crash points for the crash-and-restart tests: with {@code TANDEM_HALT_AT=<point>}
 * in the environment the JVM halts at once (no shutdown hooks, like {@code kill -9}) when the run
 * reaches that point, after part of the step's output is written. Points: {@code ingest} (bronze
 * written, manifest not yet), {@code silver}, {@code journey}, {@code gold} (one model of the layer
 * written) and {@code publish} (staging schema loaded, not yet swapped in).
 */
public final class HaltPoints {
  private static final Logger log = LoggerFactory.getLogger(HaltPoints.class);
  public static final String VARIABLE = "TANDEM_HALT_AT";
  public static final int EXIT_CODE = 137;

  private HaltPoints() {}

  public static void reached(String point) {
    if (point.equals(System.getenv(VARIABLE))) {
      log.warn("{}={}: halting the JVM here, as a crash would", VARIABLE, point);
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }
}
