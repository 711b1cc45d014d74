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

            Week from %s to %s, data as of %s. Money in %s.

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
                    d.get("to"),
                    d.get("asOf"),
                    d.get("currency"),
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
        "The week's wins",
        List.of("Deal", "Won by", "Amount", "Sourced by", "Channel"),
        (List<List<ReportPages.Cell>>) d.get("wins"));
    List<String> campaignHeader =
        List.of(
            "Campaign",
            "Cost",
            "Leads",
            "Opportunities",
            "Pipeline",
            "Revenue",
            "Pipeline per " + d.get("currency"),
            "Cost per lead");
    section(
        md,
        "Campaigns of "
            + d.get("quarter")
            + " so far: most pipeline per cost ("
            + d.get("campaignModel")
            + ")",
        campaignHeader,
        (List<List<ReportPages.Cell>>) d.get("topCampaigns"));
    section(
        md,
        "Least pipeline per cost",
        campaignHeader,
        (List<List<ReportPages.Cell>>) d.get("bottomCampaigns"));
    section(
        md,
        "Campaign tagging to fix",
        List.of("UTM campaign", "Sessions", "Leads", "Closest campaign", "First seen"),
        (List<List<ReportPages.Cell>>) d.get("mistagged"));
    section(
        md,
        "Chase first: MQLs untouched past the SLA",
        List.of("#", "Owner", "Record", "Channel", "MQL at", "Hours over"),
        (List<List<ReportPages.Cell>>) d.get("untouched"));
    section(
        md,
        "Touched late (for coaching, not chasing)",
        List.of("Owner", "Record", "Channel", "MQL at", "First touch", "Hours late"),
        (List<List<ReportPages.Cell>>) d.get("late"));
    section(
        md,
        "Stalled records",
        List.of("Owner", "Type", "Record", "Stage", "Days", "Limit"),
        (List<List<ReportPages.Cell>>) d.get("stalled"));
    return md.toString();
  }

  /** A cell's text, as a Markdown link when it names a CRM record with an address. */
  private static String cell(ReportPages.Cell c) {
    String text = c.text().replace("|", "\\|").replace("[", "\\[").replace("]", "\\]");
    return c.href() == null ? text : "[" + text + "](" + c.href().replace(")", "%29") + ")";
  }

  private static void section(
      StringBuilder md, String title, List<String> header, List<List<ReportPages.Cell>> rows) {
    md.append("## ").append(title).append("\n");
    if (rows.isEmpty()) {
      md.append("None.\n\n");
      return;
    }
    md.append("| ").append(String.join(" | ", header)).append(" |\n");
    md.append("|").append(" --- |".repeat(header.size())).append("\n");
    for (List<ReportPages.Cell> row : rows) {
      md.append("| ")
          .append(String.join(" | ", row.stream().map(DigestMarkdown::cell).toList()))
          .append(" |\n");
    }
    md.append("\n");
  }
}
