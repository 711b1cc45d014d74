package io.tandem.publish;

import java.util.List;
import java.util.Map;

/** The weekly digest as Markdown, for a chat channel or an e-mail. */
final class DigestMarkdown {
  private DigestMarkdown() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> d) {
    StringBuilder md = new StringBuilder();
    md.append("# Sales and marketing weekly — ").append(d.get("week")).append("\n\n");
    md.append("Week from ")
        .append(d.get("from"))
        .append(", data as of ")
        .append(d.get("asOf"))
        .append(".\n\n");
    md.append("## Handoff\n");
    md.append("- MQLs: ")
        .append(d.get("mqls"))
        .append(", accepted: ")
        .append(d.get("accepted"))
        .append(", rejected: ")
        .append(d.get("rejected"))
        .append(" (acceptance ")
        .append(d.get("acceptance"))
        .append(")\n");
    md.append("- SLA compliance: ")
        .append(d.get("sla"))
        .append(", median speed to lead: ")
        .append(d.get("speed"))
        .append("\n\n");
    md.append("## Pipeline\n");
    md.append("- Created: ")
        .append(d.get("created"))
        .append(" opportunities, ")
        .append(d.get("createdAmount"))
        .append("\n");
    md.append("- Won: ")
        .append(d.get("won"))
        .append(" deals, ")
        .append(d.get("wonAmount"))
        .append("\n\n");
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
