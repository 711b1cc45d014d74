package io.tandem.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.config.YamlFiles;
import io.tandem.spark.ValueParsers;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The contract of one source object, from {@code schemas/sources/<source>/<object>.yml}: which
 * columns the extract must or may carry, under which names, with which types. {@code windowBy}
 * names the date column of an object an incremental run reads by window (events, daily
 * performance): the key must determine it, so every version of a record falls in the same day.
 */
public record SourceContract(
    @JsonProperty(required = true) String source,
    @JsonProperty(required = true) String object,
    String description,
    @JsonProperty(required = true) List<String> key,
    List<String> versionBy,
    String deletedFlag,
    String windowBy,
    List<String> folders,
    List<String> expectedExtraPrefixes,
    @JsonProperty(required = true) List<Column> columns,
    String file)
    implements Serializable {

  /**
   * One contract column; {@code name} is the bronze and silver name (snake_case). {@code personal}
   * marks a value that identifies a person: {@code email} (an address), {@code record} (a CRM
   * record id or a reference to one; in a json column, any id inside it) or {@code device} (a
   * cookie or click id, which a shared computer may share). Erasure and the suppression list match
   * rows on these columns. {@code integerFields} names the fields of a json column that silver
   * reads as integers (GA4's {@code int_value}).
   */
  public record Column(
      @JsonProperty(required = true) String name,
      List<String> aliases,
      String type,
      boolean required,
      String description,
      String personal,
      List<String> integerFields)
      implements Serializable {
    public Column {
      aliases = aliases == null ? List.of() : aliases;
      type = type == null ? "string" : type;
      integerFields = integerFields == null ? List.of() : integerFields;
    }

    /**
     * Why {@code value} cannot be loaded into this column, or null when it can: the same rules
     * silver casts with ({@link ValueParsers}), so a row that passes ingest always builds.
     */
    public String problem(String value) {
      if (value == null || value.isBlank() || integerFields.isEmpty()) {
        return ValueParsers.problem(type, value);
      }
      return ValueParsers.jsonProblem(value, integerFields);
    }

    /** True when an extract header (any case, with or without underscores) names this column. */
    public boolean matches(String header) {
      return spells(header, name, aliases);
    }
  }

  public SourceContract {
    key = key == null ? List.of() : key;
    versionBy = versionBy == null ? List.of() : versionBy;
    folders = folders == null ? List.of() : folders;
    expectedExtraPrefixes = expectedExtraPrefixes == null ? List.of() : expectedExtraPrefixes;
  }

  public Column column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(file + ": no column '" + name + "'"));
  }

  /** True for an unknown column the contract expects (e.g. one per deal stage): not drift. */
  public boolean isExpectedExtra(String header) {
    return expectedExtraPrefixes.stream().anyMatch(header::startsWith);
  }

  /** The bronze table, e.g. {@code raw_salesforce_lead} for Salesforce Lead. */
  public String bronzeTable() {
    return "raw_" + source + "_" + snakeCase(object);
  }

  /**
   * True for a landing folder this object is read from: its own name or one of the contract's
   * folders (the table a connector writes it to, e.g. HubSpot deals as {@code deal}), compared like
   * headers (OpportunityHistory = opportunity_history).
   */
  public boolean readsFolder(String folder) {
    return spells(folder, object, folders);
  }

  /**
   * True when {@code text} is {@code name} or one of its {@code aliases}, as {@link #normalize}d.
   */
  private static boolean spells(String text, String name, List<String> aliases) {
    String wanted = normalize(text);
    return normalize(name).equals(wanted)
        || aliases.stream().map(SourceContract::normalize).anyMatch(wanted::equals);
  }

  public String displayName() {
    return source + "/" + object;
  }

  /** Loads every contract under {@code schemas/sources}, in a stable order. */
  public static List<SourceContract> loadAll(Path schemasDir) {
    Path dir = schemasDir.resolve("sources");
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".yml"))
          .sorted()
          .map(SourceContract::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SourceContract load(Path file) {
    SourceContract read = YamlFiles.read(file, SourceContract.class, "a source contract");
    return new SourceContract(
        read.source,
        read.object,
        read.description,
        read.key,
        read.versionBy,
        read.deletedFlag,
        read.windowBy,
        read.folders,
        read.expectedExtraPrefixes,
        read.columns,
        file.toString());
  }

  /**
   * Header matching ignores case, underscores and dots: CreatedDate = created_date = CREATEDDATE,
   * and a nested API name matches its connector column (customer.currency_code =
   * customer_currency_code).
   */
  static String normalize(String header) {
    return header.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(".", "");
  }

  static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
