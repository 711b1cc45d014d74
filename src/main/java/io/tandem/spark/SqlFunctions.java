package io.tandem.spark;

import java.sql.Date;
import java.sql.Timestamp;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Registers the extract-value parsers as SQL functions, so silver models cast with exactly the
 * rules ingest validated with: {@code parse_timestamp}, {@code parse_date}, {@code parse_boolean};
 * and {@code email_key}, the keyed hash of an e-mail address ({@link EmailKeys}).
 */
public final class SqlFunctions {
  private SqlFunctions() {}

  public static void register(SparkSession spark) {
    spark
        .udf()
        .register(
            "parse_timestamp",
            (UDF1<String, Timestamp>) ValueParsers::timestamp,
            DataTypes.TimestampType);
    spark.udf().register("parse_date", (UDF1<String, Date>) ValueParsers::date, DataTypes.DateType);
    spark
        .udf()
        .register(
            "parse_boolean", (UDF1<String, Boolean>) ValueParsers::bool, DataTypes.BooleanType);
    String key = EmailKeys.configuredKey();
    spark
        .udf()
        .register(
            "email_key",
            (UDF1<String, String>) email -> EmailKeys.hash(key, email),
            DataTypes.StringType);
  }
}
