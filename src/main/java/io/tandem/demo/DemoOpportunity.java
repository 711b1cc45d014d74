package io.tandem.demo;

import io.tandem.demo.DemoCatalog.User;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A simulated deal and its stage changes, in order; the last stage is "Closed Won" or "Closed Lost"
 * once it closes.
 */
record DemoOpportunity(
    String id,
    DemoLead lead,
    User owner,
    String type,
    long amount,
    String currency,
    Instant created,
    List<Instant> stageTimes,
    List<String> stages) {
  static final List<String> OPEN_STAGES =
      List.of("Prospecting", "Qualification", "Proposal", "Negotiation");
  private static final int[] PROBABILITY = {10, 20, 50, 75};

  LocalDate expectedClose() {
    return DemoFormats.day(created).plusDays(90);
  }

  static boolean isClosed(String stage) {
    return stage.startsWith("Closed");
  }

  static boolean isWon(String stage) {
    return stage.equals("Closed Won");
  }

  static int probability(String stage) {
    if (isClosed(stage)) {
      return isWon(stage) ? 100 : 0;
    }
    return PROBABILITY[OPEN_STAGES.indexOf(stage)];
  }
}
