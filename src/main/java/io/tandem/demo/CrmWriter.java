package io.tandem.demo;

import io.tandem.demo.DemoCatalog.User;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Writes the simulated CRM in one vendor's extract format. */
interface CrmWriter {
  void users(LocalDate day, List<User> users);

  /** An offline campaign (a trade show) and its date. */
  void eventCampaign(String id, String name, LocalDate day, double cost);

  /** Every version of the lead's record up to {@code end}, and its side records. */
  void lead(DemoLead lead, Instant end);

  /** Every version of the deal up to {@code end}. */
  void opportunity(DemoOpportunity opportunity, Instant end);

  List<DailyExtract> extracts();
}
