package io.tandem.spark;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Registers the extract-value parsers as SQL functions, so silver models cast with exactly the
 * rules ingest validated with: {@code parse_timestamp}, {@code parse_date}, {@code parse_boolean};
 * {@code email_key}, the keyed hash of an e-mail address, {@code identifier_key}, that of a record
 * id, cookie or click id, and {@code identifier_keys_in_text}, those of every id-like token in a
 * text such as a JSON list of associations ({@link EmailKeys}); {@code record_link}, a CRM record's
 * address from a conf template; {@code campaign_tag}, a campaign value as campaigns are matched on
 * it.
 */
public final class SqlFunctions {
  /**
   * An id-like token: a run of characters between separators (spaces, the delimiters of CSV, JSON
   * and URLs), so an address such as {@code o'brien@example.com} or {@code zoë@example.com} is one
   * token.
   */
  private static final Pattern ID_TOKEN = Pattern.compile("[^\\s,;\"<>()\\[\\]{}|\\\\:/=?&]+");

  private static final Pattern URL_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

  // Compiled once: String.replaceAll compiles its pattern on every call, and these run per row.
  private static final Pattern QUOTES_AND_STOPS_AROUND = Pattern.compile("^['.]+|['.]+$");
  private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

  private SqlFunctions() {}

  /**
   * The id-like tokens of a text, each as written and without the quotes or full stop around it
   * ({@code 'ann@x.example'.} gives both forms).
   */
  static List<String> idTokens(String text) {
    return ID_TOKEN
        .matcher(text)
        .results()
        .map(MatchResult::group)
        .flatMap(
            token -> {
              String bare = QUOTES_AND_STOPS_AROUND.matcher(token).replaceAll("");
              return bare.isEmpty() || bare.equals(token)
                  ? Stream.of(token)
                  : Stream.of(token, bare);
            })
        .distinct()
        .toList();
  }

  /**
   * A CRM record's address: {@code template} (conf crm.record_links) with {@code {object}} and
   * {@code {id}} filled in; null without a template or an id.
   */
  static String recordLink(String template, String object, String id) {
    if (template == null || template.isBlank() || id == null) {
      return null;
    }
    return template
        .replace("{object}", object == null ? "" : object)
        .replace("{id}", URLEncoder.encode(id, StandardCharsets.UTF_8));
  }

  /**
   * A campaign value in the form campaigns are matched on: URL-decoded where a UTM value was left
   * encoded ({@code Spring+Webinar}, {@code Spring%20Webinar}), spaces collapsed, lower case; null
   * for an empty value or one of GA4's placeholders in parentheses ({@code (not set)}, {@code
   * (organic)}, {@code (direct)}, {@code (referral)}), which name no campaign.
   */
  static String campaignTag(String value) {
    if (value == null) {
      return null;
    }
    String decoded = value;
    if (value.indexOf('+') >= 0 || URL_ESCAPE.matcher(value).find()) {
      try {
        decoded = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notEncoded) {
        // a '%' that starts no escape: the value was never encoded
      }
    }
    String tag = WHITESPACE_RUN.matcher(decoded.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    return tag.isEmpty() || (tag.startsWith("(") && tag.endsWith(")")) ? null : tag;
  }

  public static void register(SparkSession spark) {
    spark
        .udf()
        .register(
            "campaign_tag", (UDF1<String, String>) SqlFunctions::campaignTag, DataTypes.StringType);
    spark
        .udf()
        .register(
            "parse_timestamp",
            (UDF1<String, Timestamp>) ValueParsers::timestamp,
            DataTypes.TimestampType);
    spark.udf().register("parse_date", (UDF1<String, Date>) ValueParsers::date, DataTypes.DateType);
    spark.udf().register("exact_sum", functions.udaf(new ExactSum(), Encoders.DOUBLE()));
    // "10.0" is a whole number: ingest accepts it, and a CAST to BIGINT would fail on it
    spark
        .udf()
        .register("parse_long", (UDF1<String, Long>) ValueParsers::integer, DataTypes.LongType);
    spark
        .udf()
        .register(
            "parse_boolean", (UDF1<String, Boolean>) ValueParsers::bool, DataTypes.BooleanType);
    spark
        .udf()
        .register(
            "record_link",
            (UDF3<String, String, String, String>) SqlFunctions::recordLink,
            DataTypes.StringType);
    String key = EmailKeys.configuredKey();
    spark
        .udf()
        .register(
            "email_key",
            (UDF1<String, String>) email -> EmailKeys.hash(key, email),
            DataTypes.StringType);
    spark
        .udf()
        .register(
            "identifier_key",
            (UDF1<String, String>) id -> EmailKeys.identifierHash(key, id),
            DataTypes.StringType);
    spark
        .udf()
        .register(
            "identifier_keys_in_text",
            (UDF1<String, List<String>>)
                text ->
                    text == null
                        ? List.of()
                        : idTokens(text).stream()
                            .map(token -> EmailKeys.identifierHash(key, token))
                            .toList(),
            DataTypes.createArrayType(DataTypes.StringType));
  }
}
