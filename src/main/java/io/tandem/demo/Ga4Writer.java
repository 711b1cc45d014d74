package io.tandem.demo;

import static io.tandem.demo.DemoFormats.day;
import static io.tandem.demo.DemoFormats.json;
import static io.tandem.demo.DemoFormats.ordered;

import io.tandem.demo.DemoCatalog.WebChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GA4 BigQuery export rows, one event a line, one gzipped file per day ({@code
 * events_YYYYMMDD.ndjson.gz}), in the property's time zone (UTC for the demo).
 */
final class Ga4Writer {
  /** One session: who, which visit of theirs, and where it came from. */
  record Session(
      String cookie,
      long sessionId,
      int number,
      String source,
      String medium,
      String campaignName,
      String gclid,
      WebChannel firstTouch,
      String country) {}

  private final DailyExtract events =
      DailyExtract.json(
          "ga4", "events", "events_{yyyymmdd}.ndjson.gz", DailyExtract.Format.NDJSON_GZ);
  private final Rng rng;

  Ga4Writer(Rng rng) {
    this.rng = rng;
  }

  DailyExtract extract() {
    return events;
  }

  void event(Instant time, String name, Session session, String page, String userId) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_date", day(time).toString().replace("-", ""));
    event.put("event_timestamp", time.getEpochSecond() * 1_000_000 + rng.between(0, 999_999));
    event.put("event_name", name);
    List<Map<String, Object>> params = new ArrayList<>();
    params.add(param("ga_session_id", "int_value", session.sessionId()));
    params.add(param("ga_session_number", "int_value", session.number()));
    params.add(param("page_location", "string_value", page));
    if (name.equals("session_start")) {
      params.add(param("source", "string_value", session.source()));
      params.add(param("medium", "string_value", session.medium()));
      if (session.campaignName() != null) {
        params.add(param("campaign", "string_value", session.campaignName()));
      }
    }
    if (name.equals("page_view")) {
      params.add(param("engagement_time_msec", "int_value", rng.between(2_000, 90_000)));
    }
    event.put("event_params", params);
    event.put("user_pseudo_id", session.cookie());
    event.put("user_id", userId);
    WebChannel first = session.firstTouch();
    event.put(
        "traffic_source",
        ordered("source", first.utmSource(), "medium", first.utmMedium(), "name", "(not set)"));
    event.put(
        "collected_traffic_source",
        ordered(
            "manual_source", session.source(),
            "manual_medium", session.medium(),
            "manual_campaign_name", session.campaignName(),
            "gclid", session.gclid()));
    event.put("device", ordered("category", session.sessionId() % 3 == 0 ? "mobile" : "desktop"));
    event.put("geo", ordered("country", session.country()));
    events.json(day(time), json(event));
  }

  private static Map<String, Object> param(String key, String type, Object value) {
    return ordered("key", key, "value", ordered(type, value));
  }
}
