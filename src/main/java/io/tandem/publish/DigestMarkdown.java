package io.tandem.publish;

import java.util.List;
import java.util.Map;

/** The weekly digest as Markdown, for a chat channel or an e-mail. */
final class DigestMarkdown {
  private DigestMarkdown() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> d) {
    StringBuilder md =
        new StringBuilder(
            """
            # Sales and marketing weekly — %s

            Week from %s, data as of %s.

            ## Handoff
            - MQLs: %s, accepted: %s, rejected: %s (acceptance %s)
            - SLA compliance: %s, median speed to lead: %s

            ## Pipeline
            - Created: %s opportunities, %s
            - Won: %s deals, %s

            """
                .formatted(
                    d.get("week"),
                    d.get("from"),
                    d.get("asOf"),
                    d.get("mqls"),
                    d.get("accepted"),
                    d.get("rejected"),
                    d.get("acceptance"),
                    d.get("sla"),
                    d.get("speed"),
                    d.get("created"),
                    d.get("createdAmount"),
                    d.get("won"),
                    d.get("wonAmount")));
    section(
        md,
        "This week's wins",
        List.of("Deal", "Won by", "Amount", "Sourced by", "Channel"),
        (List<List<String>>) d.get("wins"));
    section(
        md,
        "SLA breaches",
        List.of("Owner", "Person", "Breach", "Channel", "MQL at", "Hours over"),
        (List<List<String>>) d.get("breaches"));
    section(
        md,
        "Stalled records",
        List.of("Owner", "Type", "Record", "Stage", "Days", "Limit"),
        (List<List<String>>) d.get("stalled"));
    return md.toString();
  }

  private static void section(
      StringBuilder md, String title, List<String> header, List<List<String>> rows) {
    md.append("## ").append(title).append("\n");
    if (rows.isEmpty()) {
      md.append("None.\n\n");
      return;
    }
    md.append("| ").append(String.join(" | ", header)).append(" |\n");
    md.append("|").append(" --- |".repeat(header.size())).append("\n");
    for (List<String> row : rows) {
      md.append("| ")
          .append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
          .append(" |\n");
    }
    md.append("\n");
  }
}
