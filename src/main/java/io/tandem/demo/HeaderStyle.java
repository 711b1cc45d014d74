package io.tandem.demo;

import java.util.Locale;

/**
 * How an extract's column names are spelled: as the vendor API writes them ({@code CreatedDate},
 * {@code metrics.cost_micros}), as ELT connectors write warehouse tables ({@code created_date},
 * {@code gclid_c}, {@code cost_micros}, plus {@code _fivetran_synced}), or upper-cased.
 */
public enum HeaderStyle {
  API,
  SNAKE,
  UPPER;

  String apply(String apiName) {
    return switch (this) {
      case API -> apiName;
      case UPPER -> apiName.toUpperCase(Locale.ROOT);
      case SNAKE -> snake(apiName);
    };
  }

  private static String snake(String apiName) {
    String name =
        apiName
            .replace("metrics.", "")
            .replace("segments.", "")
            .replace('.', '_')
            .replace("__c", "_c");
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
