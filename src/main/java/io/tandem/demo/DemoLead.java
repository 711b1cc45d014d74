package io.tandem.demo;

import io.tandem.demo.DemoCatalog.Market;
import io.tandem.demo.DemoCatalog.User;
import io.tandem.demo.DemoCatalog.WebChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A simulated lead: who it is, where it came from, and the moments its record changes. */
final class DemoLead {
  String id;
  long number;
  String email;
  String first;
  String last;
  String company;
  String leadSource;
  String channel;
  Market market;
  String industry;
  User owner;
  String cookie;
  String gclid;
  WebChannel utm;
  String campaignName;
  String eventCampaignId;
  int score;
  Instant created;
  Instant mql;
  Instant touched;
  Instant accepted;
  Instant rejected;
  Instant recycled;
  Instant converted;
  String contactId;
  String accountId;
  DemoOpportunity opportunity;

  /** Where the lead stands with sales at a moment. */
  enum Phase {
    OPEN,
    WORKING,
    REJECTED,
    RECYCLED,
    CONVERTED
  }

  Phase phase(Instant asOf) {
    if (reached(converted, asOf)) {
      return Phase.CONVERTED;
    }
    if (reached(rejected, asOf)) {
      return Phase.REJECTED;
    }
    if (reached(recycled, asOf)) {
      return Phase.RECYCLED;
    }
    return reached(accepted, asOf) ? Phase.WORKING : Phase.OPEN;
  }

  /** The moments the lead's record changes, creation first, all before {@code end}. */
  List<Instant> changes(Instant end) {
    List<Instant> changes = new ArrayList<>();
    for (Instant change : new Instant[] {created, mql, accepted, rejected, recycled, converted}) {
      if (change != null && change.isBefore(end)) {
        changes.add(change);
      }
    }
    return changes;
  }

  static boolean reached(Instant moment, Instant asOf) {
    return moment != null && !moment.isAfter(asOf);
  }

  String rating() {
    return score >= 80 ? "Hot" : score >= 60 ? "Warm" : "Cold";
  }
}
