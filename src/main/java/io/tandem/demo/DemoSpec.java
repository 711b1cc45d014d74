package io.tandem.demo;

import java.time.LocalDate;

/**
 * What the demo generator writes: a seed, a scale factor (1 ≈ a mid-size B2B company: 20k leads a
 * year, 1M GA4 events), the days to cover, which CRM the company runs, and how its extracts spell
 * column names.
 */
public record DemoSpec(
    long seed, double scale, LocalDate from, LocalDate to, Crm crm, HeaderStyle headers) {
  public static final LocalDate DEFAULT_FROM = LocalDate.of(2025, 1, 1);
  public static final LocalDate DEFAULT_TO = LocalDate.of(2026, 6, 30);

  /** A company runs Salesforce or HubSpot. */
  public enum Crm {
    SALESFORCE,
    HUBSPOT
  }

  public DemoSpec {
    if (scale <= 0) {
      throw new IllegalArgumentException("scale must be positive");
    }
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from must not be after to");
    }
  }

  public DemoSpec(long seed, double scale, LocalDate from, LocalDate to) {
    this(seed, scale, from, to, Crm.SALESFORCE, HeaderStyle.API);
  }

  /** Six quarters, so the scorecard shows trends and a year-over-year quarter. */
  public static DemoSpec defaults(long seed, double scale) {
    return new DemoSpec(seed, scale, DEFAULT_FROM, DEFAULT_TO);
  }
}
