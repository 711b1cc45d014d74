package io.tandem.model;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The channel rules of conf/channel_mapping.csv as one SQL function, so every model names a channel
 * the same way: {@code channel_of(map('utm', source_medium, 'lead_source', lead_source))} is the
 * channel and class of the first rule, by priority (then pattern, then channel), whose field is a
 * key of the map and whose LIKE pattern matches that key's value; NULL when none matches. A NULL
 * value matches no rule.
 */
public final class ChannelRules implements Serializable {
  private static final StructType CHANNEL =
      StructType.fromDDL("channel STRING, channel_class STRING");

  /** One row of conf/channel_mapping.csv, with its LIKE pattern compiled. */
  record Rule(
      int priority,
      String field,
      String pattern,
      String channel,
      String channelClass,
      Pattern compiled)
      implements Serializable {
    Rule(int priority, String field, String pattern, String channel, String channelClass) {
      this(priority, field, pattern, channel, channelClass, like(pattern));
    }

    boolean matches(String value) {
      return value != null && compiled.matcher(value).matches();
    }
  }

  private final List<Rule> rules;

  ChannelRules(List<Rule> rules) {
    this.rules =
        rules.stream()
            .sorted(
                Comparator.comparingInt(Rule::priority)
                    .thenComparing(Rule::pattern)
                    .thenComparing(Rule::channel))
            .toList();
  }

  /** Registers {@code channel_of} with the rules of the view {@code conf_channel_mapping}. */
  static void register(SparkSession spark) {
    List<Rule> rules =
        spark.table("conf_channel_mapping").collectAsList().stream()
            .map(
                r ->
                    new Rule(
                        r.<Number>getAs("priority").intValue(),
                        r.getAs("field"),
                        r.getAs("pattern"),
                        r.getAs("channel"),
                        r.getAs("channel_class")))
            .toList();
    ChannelRules channelRules = new ChannelRules(rules);
    spark
        .udf()
        .register(
            "channel_of",
            (UDF1<scala.collection.Map<String, String>, Row>)
                values -> channelRules.first(CollectionConverters.asJava(values)),
            CHANNEL);
  }

  /** The channel and class of the first rule that matches, or null. */
  Row first(Map<String, String> valuesByField) {
    for (Rule rule : rules) {
      if (valuesByField.containsKey(rule.field())
          && rule.matches(valuesByField.get(rule.field()))) {
        return RowFactory.create(rule.channel(), rule.channelClass());
      }
    }
    return null;
  }

  /** SQL LIKE as a regular expression: % any run, _ any one character, \ escapes the next. */
  static Pattern like(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
