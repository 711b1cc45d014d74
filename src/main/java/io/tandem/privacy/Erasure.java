package io.tandem.privacy;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.tandem.contracts.SourceContract;
import io.tandem.spark.EmailKeys;
import io.tandem.spark.Warehouse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Finds every identifier of the people an erasure request names and deletes their rows from bronze,
 * the quarantine and the identity history; silver, journey and gold are rebuilt from bronze by the
 * run that follows. Plain addresses and ids stay in this object's memory: what is written (the
 * suppression list, the table history's delete conditions) holds keyed hashes only.
 */
final class Erasure {
  private static final int MAX_EXPANSION_ROUNDS = 5;

  private final Warehouse warehouse;
  private final List<SourceContract> contracts;
  private final String hashKey = EmailKeys.configuredKey();
  private final Set<String> emails = new TreeSet<>();
  private final Set<String> records = new TreeSet<>();
  private final Set<String> devices = new TreeSet<>();
  private final Set<String> emailKeys = new TreeSet<>();
  private final Set<String> personIds = new TreeSet<>();

  Erasure(Warehouse warehouse, List<SourceContract> contracts, String email, String recordId) {
    this.warehouse = warehouse;
    this.contracts = contracts;
    if (email != null) {
      emails.add(email.trim().toLowerCase(Locale.ROOT));
    }
    if (recordId != null) {
      records.add(recordId.trim());
    }
    findIdentifiers();
  }

  int people() {
    return personIds.size();
  }

  int identifiers() {
    return emails.size() + records.size() + devices.size() + emailKeys.size();
  }

  /**
   * The keyed hashes that name these people: of each address (as a personal column holds it, and as
   * a token of a raw text), of each record and device id, of the plain SHA-256 of each address (a
   * GA4 user_id), and of each person id. They are all the suppression list needs to delete the
   * people's rows again ({@link #deleteRows(Warehouse, List, Set)}).
   */
  Set<String> keys() {
    Set<String> keys = new TreeSet<>(emailKeys);
    for (String email : emails) {
      keys.add(EmailKeys.hash(hashKey, email));
      keys.add(EmailKeys.identifierHash(hashKey, email));
      keys.add(EmailKeys.identifierHash(hashKey, EmailKeys.sha256(email)));
    }
    records.forEach(id -> keys.add(EmailKeys.identifierHash(hashKey, id)));
    devices.forEach(id -> keys.add(EmailKeys.identifierHash(hashKey, id)));
    personIds.forEach(id -> keys.add(EmailKeys.identifierHash(hashKey, id)));
    return keys;
  }

  /**
   * The identity graph gives the people and all their identifiers (a shared browser belongs to
   * nobody, so it is never erased); the CRM's own rows add what the graph has not seen yet (a
   * warehouse never built, an address in a record not yet stitched). Only addresses and record ids
   * lead from one row to another: a cookie can be shared.
   */
  private void findIdentifiers() {
    if (warehouse.exists("journey", "int_identity_graph")) {
      var graph = warehouse.read("journey", "int_identity_graph");
      List<String> seeds = new java.util.ArrayList<>();
      emails.forEach(e -> seeds.add("email:" + EmailKeys.hash(hashKey, e)));
      records.forEach(r -> seeds.add("crm:" + r));
      personIds.addAll(
          graph
              .filter(col("identifier").isin(seeds.toArray()))
              .select("person_id")
              .distinct()
              .as(Encoders.STRING())
              .collectAsList());
      for (String identifier :
          graph
              .filter(col("person_id").isin(personIds.toArray()).and(not(col("is_shared"))))
              .select("identifier")
              .as(Encoders.STRING())
              .collectAsList()) {
        addGraphIdentifier(identifier);
      }
    }
    for (int round = 0; round < MAX_EXPANSION_ROUNDS; round++) {
      int before = identifiers();
      Set<String> keys = keys();
      for (SourceContract contract : contracts) {
        if (hasEmailColumn(contract) && warehouse.exists("bronze", contract.bronzeTable())) {
          addFromRows(contract, keys);
        }
      }
      if (identifiers() == before) {
        return;
      }
    }
  }

  private void addGraphIdentifier(String identifier) {
    String[] typed = identifier.split(":", 2);
    switch (typed[0]) {
      case "email" -> emailKeys.add(typed[1]);
      case "crm", "userid" -> records.add(typed[1]);
      default -> devices.add(typed[1]);
    }
  }

  private void addFromRows(SourceContract contract, Set<String> keys) {
    List<SourceContract.Column> personal = SuppressionList.personalColumns(contract);
    Column[] columns = personal.stream().map(c -> col(c.name())).toArray(Column[]::new);
    for (Row row :
        warehouse
            .read("bronze", contract.bronzeTable())
            .filter(SuppressionList.matches(contract, keys))
            .select(columns)
            .collectAsList()) {
      for (int i = 0; i < personal.size(); i++) {
        String value = row.getString(i);
        if (value == null || value.isBlank() || "json".equals(personal.get(i).type())) {
          continue;
        }
        switch (personal.get(i).personal()) {
          case "email" -> emails.add(value.trim().toLowerCase(Locale.ROOT));
          case "record" -> records.add(value.trim());
          default -> devices.add(value.trim());
        }
      }
    }
  }

  private static boolean hasEmailColumn(SourceContract contract) {
    return contract.columns().stream().anyMatch(c -> "email".equals(c.personal()));
  }

  /** Landing files (relative paths) whose rows name these people. */
  Set<String> landingFiles() {
    Set<String> keys = keys();
    Set<String> files = new TreeSet<>();
    for (SourceContract contract : contracts) {
      if (warehouse.exists("bronze", contract.bronzeTable())) {
        files.addAll(
            warehouse
                .read("bronze", contract.bronzeTable())
                .filter(SuppressionList.matches(contract, keys))
                .select("_source_file")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList());
      }
    }
    return files;
  }

  /**
   * Deletes the people's rows from every bronze table, the quarantine and the identity history and
   * merges; returns rows deleted per table.
   */
  Map<String, Long> deleteRows() {
    return deleteRows(warehouse, contracts, keys());
  }

  /**
   * Deletes every row that a listed key names from bronze, the quarantine and the identity history
   * and merges, from the keys alone: an erasure that did not finish is done again with the keys its
   * suppression list rows hold. Deleting twice deletes nothing more. The conditions name keyed
   * hashes only, so the tables' history holds no identifier.
   */
  static Map<String, Long> deleteRows(
      Warehouse warehouse, List<SourceContract> contracts, Set<String> keys) {
    Map<String, Long> deleted = new LinkedHashMap<>();
    for (SourceContract contract : contracts) {
      count(
          deleted,
          "bronze." + contract.bronzeTable(),
          warehouse.delete(
              "bronze", contract.bronzeTable(), SuppressionList.matches(contract, keys)));
    }
    count(
        deleted,
        "bronze.quarantine",
        warehouse.delete(
            "bronze", "quarantine", SuppressionList.mentionedIn(col("raw_text"), keys)));
    Object[] listed = keys.toArray();
    count(
        deleted,
        "journey.int_identity_history",
        warehouse.delete(
            "journey",
            "int_identity_history",
            keyOf(col("person_id")).isin(listed).or(inGraph(keys))));
    count(
        deleted,
        "journey.int_identity_merges",
        warehouse.delete(
            "journey",
            "int_identity_merges",
            keyOf(col("merged_person_id"))
                .isin(listed)
                .or(keyOf(col("surviving_person_id")).isin(listed))));
    return deleted;
  }

  private static Column keyOf(Column id) {
    return coalesce(call_function("identifier_key", id), lit(""));
  }

  private static void count(Map<String, Long> deleted, String table, long rows) {
    if (rows > 0) {
      deleted.put(table, rows);
    }
  }

  /**
   * Identity-history identifiers of listed people, compared by keyed hash (an {@code email:}
   * identifier is one already).
   */
  private static Column inGraph(Set<String> keys) {
    Column value = call_function("split_part", col("identifier"), lit(":"), lit(2));
    Object[] listed = keys.toArray();
    return coalesce(
        col("identifier")
            .startsWith("email:")
            .and(value.isin(listed))
            .or(
                not(col("identifier").startsWith("email:"))
                    .and(call_function("identifier_key", value).isin(listed))),
        lit(false));
  }
}
