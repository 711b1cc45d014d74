package io.tandem.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One model: a SELECT in {@code sql/<layer>/[<source>/]<table>.sql} whose result becomes the Delta
 * table {@code <layer>.<table>}. Its inputs are the {@code <layer>.<table>} names it mentions. Its
 * contract is {@code schemas/<layer>/<contract>.yml}.
 *
 * <p>A file whose first lines say {@code -- periods: week, month, quarter} is one definition built
 * once per period: {@code kpi_x.sql} becomes {@code kpi_x_weekly}, {@code kpi_x_monthly} and {@code
 * kpi_x_quarterly}, with <code>${period}</code> replaced by the period's name. The variants share
 * the contract {@code kpi_x.yml}, so a definition is written once for every grain.
 */
public record SqlModel(String layer, String table, Path file, String text, String contract) {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\b(bronze|silver|journey|gold)\\.([a-z0-9_]+)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAMETER = Pattern.compile("\\$\\{([a-zA-Z0-9_.]+)}");
  private static final Pattern COMMENT = Pattern.compile("--[^\n]*");
  private static final Pattern PERIODS =
      Pattern.compile("^--\\s*periods:\\s*(.+)$", Pattern.MULTILINE);
  private static final Pattern CLUSTER_BY =
      Pattern.compile("^--\\s*cluster by:\\s*([a-z0-9_]+)\\s*$", Pattern.MULTILINE);
  private static final Pattern INCREMENTAL =
      Pattern.compile(
          "^--\\s*incremental:\\s*(replace where|merge on)\\s+(.+)$", Pattern.MULTILINE);
  private static final Map<String, String> PERIOD_SUFFIX =
      Map.of("day", "daily", "week", "weekly", "month", "monthly", "quarter", "quarterly");

  public SqlModel(String layer, String table, Path file, String text) {
    this(layer, table, file, text, table);
  }

  /** The models one file defines: itself, or one per period it names. */
  public static List<SqlModel> fromFile(String layer, Path file, String text) {
    String base = file.getFileName().toString().replaceFirst("\\.sql$", "");
    Matcher periods = PERIODS.matcher(text);
    if (!periods.find()) {
      return List.of(new SqlModel(layer, base, file, text));
    }
    List<SqlModel> variants = new ArrayList<>();
    for (String period : periods.group(1).trim().split("\\s*,\\s*")) {
      String suffix = PERIOD_SUFFIX.get(period);
      if (suffix == null) {
        throw new IllegalArgumentException(
            file + " names period '" + period + "'; use " + PERIOD_SUFFIX.keySet());
      }
      variants.add(
          new SqlModel(layer, base + "_" + suffix, file, text.replace("${period}", period), base));
    }
    return variants;
  }

  /** The models of {@code sql/<layer>/} (and its source folders), in a stable order. */
  public static List<SqlModel> inFolder(Path sqlPath, String layer) {
    Path dir = sqlPath.resolve(layer);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<SqlModel> models = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
        models.addAll(fromFile(layer, file, Files.readString(file)));
      }
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String qualifiedName() {
    return layer + "." + table;
  }

  /** The tables this model reads, as {@code layer.table}. */
  public Set<String> inputs() {
    Set<String> inputs = new TreeSet<>();
    // Comments and parameters such as ${journey.renewal_types} name rules, not inputs.
    String code = COMMENT.matcher(PARAMETER.matcher(text).replaceAll("")).replaceAll("");
    Matcher m = REFERENCE.matcher(code);
    while (m.find()) {
      inputs.add(m.group(1).toLowerCase(Locale.ROOT) + "." + m.group(2).toLowerCase(Locale.ROOT));
    }
    inputs.remove(qualifiedName());
    return inputs;
  }

  /**
   * The model's SQL with every <code>${name}</code> replaced (an unknown name is an error) and each
   * table it reads named as {@code tableName} gives for its layer and table.
   */
  public String render(Map<String, String> parameters, BinaryOperator<String> tableName) {
    return withTableNames(render(parameters), tableName);
  }

  /**
   * {@code sql} with each {@code <layer>.<table>} it names replaced as {@code tableName} says,
   * asked once per table however often the query names it.
   */
  public static String withTableNames(String sql, BinaryOperator<String> tableName) {
    Matcher m = REFERENCE.matcher(sql);
    Map<String, String> names = new HashMap<>();
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String layer = m.group(1).toLowerCase(Locale.ROOT);
      String table = m.group(2).toLowerCase(Locale.ROOT);
      String name = names.computeIfAbsent(layer + "." + table, t -> tableName.apply(layer, table));
      m.appendReplacement(out, Matcher.quoteReplacement(name));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * How an incremental build writes the model, from a first-lines comment: {@code -- incremental:
   * replace where <condition>} replaces the table's rows that match the condition (its parameters
   * filled in) with the query's, and {@code -- incremental: merge on <column>} replaces the rows
   * whose key the query returns and adds the new ones. The query itself reads only what the window
   * needs (<code>${incremental}</code>, <code>${window_start.<source>}</code>). Empty: the model is
   * rebuilt whole.
   */
  public Optional<Incremental> incremental() {
    Matcher m = INCREMENTAL.matcher(text);
    return m.find()
        ? Optional.of(new Incremental(m.group(1).equals("merge on"), m.group(2).strip()))
        : Optional.empty();
  }

  /**
   * The column a first-lines comment {@code -- cluster by: <column>} names: the table's rows are
   * written in its order, so that each data file holds a narrow range of it and an incremental
   * build's replace or merge rewrites only the files of its window, not the whole table.
   */
  public Optional<String> clusterBy() {
    Matcher m = CLUSTER_BY.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** See {@link #incremental()}: a merge key, or the condition of the rows a build replaces. */
  public record Incremental(boolean merge, String condition) {}

  /** The model's SQL with every <code>${name}</code> replaced; an unknown name is an error. */
  public String render(Map<String, String> parameters) {
    return fill(text, parameters);
  }

  /** {@code sql} with every <code>${name}</code> replaced; an unknown name is an error. */
  public static String fill(String sql, Map<String, String> parameters) {
    Matcher m = PARAMETER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = parameters.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "parameter ${" + m.group(1) + "} is not defined in conf/definitions.yml");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
