package io.tandem.privacy;

import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import io.tandem.contracts.SourceContract;
import io.tandem.spark.Warehouse;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code privacy.suppression_list}: the keyed hashes (never the values) of every e-mail address and
 * id of an erased person. Ingest leaves out every row whose personal columns (contract attribute
 * {@code personal}) hash to a listed key, and every quarantined row whose raw text names one, so an
 * erased person stays out of later extracts, re-delivered old files and backfills; silver reads
 * bronze through the same filter ({@code LatestVersions}), so rows an unfinished erasure has not
 * deleted yet never reach a rebuilt table. The list lives beside the layers, under {@code
 * <warehouse>/privacy}; keep that folder when rebuilding a warehouse, and keep TANDEM_EMAIL_KEY.
 */
public final class SuppressionList {
  public static final String LAYER = "privacy";
  public static final String TABLE = "suppression_list";
  static final StructType SCHEMA =
      new StructType()
          .add("person_key", DataTypes.StringType, false)
          .add("erasure_id", DataTypes.StringType, false)
          .add("added_at", DataTypes.TimestampType, false);

  private SuppressionList() {}

  /** Every listed key; empty when nobody was erased. */
  public static Set<String> load(Warehouse warehouse) {
    if (!warehouse.exists(LAYER, TABLE)) {
      return Set.of();
    }
    return new HashSet<>(
        warehouse.read(LAYER, TABLE).select("person_key").as(Encoders.STRING()).collectAsList());
  }

  static void add(Warehouse warehouse, Set<String> keys, String erasureId, Timestamp at) {
    List<org.apache.spark.sql.Row> rows =
        keys.stream().sorted().map(k -> RowFactory.create(k, erasureId, at)).toList();
    warehouse.append(LAYER, TABLE, warehouse.spark().createDataFrame(rows, SCHEMA));
  }

  /**
   * True for a row of the contract's bronze layout that names a listed person in any personal
   * column: an address by its keyed hash, an id by its keyed hash, a json column by the keyed hash
   * of any id inside it.
   */
  public static Column matches(SourceContract contract, Set<String> keys) {
    Column any = lit(false);
    if (keys.isEmpty()) {
      return any;
    }
    Object[] listed = keys.toArray();
    for (SourceContract.Column column : personalColumns(contract)) {
      Column value = col(column.name());
      Column match;
      if ("email".equals(column.personal())) {
        match = call_function("email_key", value).isin(listed);
      } else if ("json".equals(column.type())) {
        match = mentions(value, keys);
      } else {
        match = call_function("identifier_key", value).isin(listed);
      }
      any = any.or(coalesce(match, lit(false)));
    }
    return any;
  }

  /** True for a text with an id-like token whose keyed hash is one of {@code keys}. */
  static Column mentions(Column text, Set<String> keys) {
    return arrays_overlap(
        call_function("identifier_keys_in_text", text), lit(keys.toArray(String[]::new)));
  }

  /**
   * True for a raw text (a quarantined row) that names a listed person: an id or address among its
   * tokens, addresses compared in lower case. Never null.
   */
  public static Column mentionedIn(Column rawText, Set<String> keys) {
    if (keys.isEmpty()) {
      return lit(false);
    }
    return coalesce(mentions(rawText, keys).or(mentions(lower(rawText), keys)), lit(false));
  }

  /**
   * True for a parsed row of the contract (bronze columns, {@code error} set for a row that is
   * quarantined) that names a listed person: a loaded row by its personal columns, a quarantined
   * one by its raw text. Such rows are counted as suppressed and written nowhere.
   */
  public static Column suppresses(
      SourceContract contract, Set<String> keys, Column error, Column rawText) {
    return when(error.isNull(), matches(contract, keys)).otherwise(mentionedIn(rawText, keys));
  }

  static List<SourceContract.Column> personalColumns(SourceContract contract) {
    return contract.columns().stream().filter(c -> c.personal() != null).toList();
  }
}
