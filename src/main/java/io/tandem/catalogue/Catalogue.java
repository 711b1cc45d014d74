package io.tandem.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.SourceContract;
import io.tandem.contracts.TableContract;
import io.tandem.errors.TandemErrors;
import io.tandem.model.Lineage;
import io.tandem.model.ModelRunner;
import io.tandem.model.SqlModel;
import io.tandem.publish.PostgresPublisher;
import io.tandem.publish.ReportPages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.thymeleaf.context.Context;

/**
 * The data catalogue: one self-contained HTML page with every table from the landing objects to the
 * published views — description, grain, key, columns, rows and freshness of the latest run that
 * built it, the SQL that builds it, its lineage as an inline SVG, and the KPI glossary of {@code
 * docs/kpis.md}. Everything comes from what the project already declares (source contracts, SQL
 * models, table contracts) and from the run reports; nothing is queried.
 */
public final class Catalogue {
  static final List<String> LAYERS =
      List.of("landing", "conf", "bronze", "silver", "journey", "gold", "published");
  private static final Pattern CONF_TABLE = Pattern.compile("\\bconf_([a-z_]+)\\b");

  /** The page's name, in the reports folder. */
  public static final String FILE = "catalogue.html";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISHED = "postgres ";

  /** One table of the catalogue; {@code id} is {@code <layer>.<name>}. */
  public record Table(
      String id,
      String layer,
      String name,
      String description,
      String grain,
      List<String> key,
      List<TableContract.Column> columns,
      String sql,
      String sqlFile,
      Set<String> inputs,
      Set<String> readers,
      String glossary) {
    public String anchor() {
      return anchor(id);
    }

    /** What the catalogue's search matches: the table's name and its columns' names. */
    public String searchText() {
      StringBuilder text = new StringBuilder(id);
      columns.forEach(c -> text.append(' ').append(c.name()));
      return text.toString();
    }

    static String anchor(String id) {
      return "t-" + id.replaceAll("[^A-Za-z0-9_]", "-");
    }
  }

  /** What the latest run that wrote a table says about it. */
  public record Freshness(long rows, String runId, String businessDate, String startedAt) {}

  private final TandemSettings settings;

  public Catalogue(TandemSettings settings) {
    this.settings = settings;
  }

  /** Every table, by id, with its inputs and readers. */
  public Map<String, Table> tables() {
    Map<String, Table> tables = new TreeMap<>();
    Map<String, Set<String>> inputs = new TreeMap<>();
    Map<String, String> sql = new TreeMap<>();
    Map<String, String> sqlFiles = new TreeMap<>();
    Map<String, TableContract> contracts = new TreeMap<>();
    Map<String, String> descriptions = new TreeMap<>();
    Path home = settings.homePath();
    for (SourceContract source : SourceContract.loadAll(settings.schemasPath())) {
      String landing = "landing." + source.source() + "/" + source.object();
      String bronze = "bronze." + source.bronzeTable();
      descriptions.put(landing, source.description());
      descriptions.put(
          bronze,
          "Every row of every "
              + source.displayName()
              + " extract file, as landed, with lineage columns (file, row, ingest run).");
      inputs.put(landing, new TreeSet<>());
      inputs.computeIfAbsent(bronze, k -> new TreeSet<>()).add(landing);
      contracts.put(landing, sourceContract(source));
    }
    for (String layer : List.of("silver", "journey", "gold", "publish")) {
      String shown = layer.equals("publish") ? "published" : layer;
      ModelRunner.contracts(settings, layer)
          .forEach(
              (table, contract) ->
                  contracts.put(
                      shown + "." + (layer.equals("publish") ? view(table) : table), contract));
      for (SqlModel model : SqlModel.inFolder(settings.sqlPath(), layer)) {
        String id = shown + "." + (layer.equals("publish") ? view(model.table()) : model.table());
        sql.put(id, model.text());
        sqlFiles.put(id, home.relativize(model.file().toAbsolutePath()).toString());
        // the business rules a model reads: conf/<name>.csv, or conf/targets.yml
        Matcher rules = CONF_TABLE.matcher(model.text());
        while (rules.find()) {
          String name = rules.group(1);
          String file =
              name.equals("targets") || name.equals("scorecard_goals")
                  ? "targets.yml"
                  : name + ".csv";
          String conf = "conf." + file;
          descriptions.put(
              conf,
              "Business rules in conf/" + file + ", read by the models as conf_" + name + ".");
          inputs.computeIfAbsent(conf, k -> new TreeSet<>());
          inputs.computeIfAbsent(id, k -> new TreeSet<>()).add(conf);
        }
      }
    }
    Lineage lineage = Lineage.of(settings.sqlPath());
    lineage
        .inputs()
        .forEach(
            (table, read) -> {
              String id =
                  table.startsWith("publish.")
                      ? "published." + view(table.substring("publish.".length()))
                      : table;
              inputs.computeIfAbsent(id, k -> new TreeSet<>()).addAll(read);
            });
    // every gold table is published as a versioned view of the same rows
    contracts.keySet().stream()
        .filter(id -> id.startsWith("gold."))
        .toList()
        .forEach(
            id -> {
              String published = "published." + view(id.substring("gold.".length()));
              inputs.computeIfAbsent(published, k -> new TreeSet<>()).add(id);
              contracts.putIfAbsent(published, contracts.get(id));
            });
    Map<String, Set<String>> readers = new TreeMap<>();
    inputs.forEach(
        (table, read) ->
            read.forEach(i -> readers.computeIfAbsent(i, k -> new TreeSet<>()).add(table)));
    Set<String> ids = new TreeSet<>(inputs.keySet());
    ids.addAll(readers.keySet());
    ids.addAll(contracts.keySet());
    Map<String, String> glossary = Glossary.anchors(home.resolve("docs/kpis.md"));
    for (String id : ids) {
      String layer = id.substring(0, id.indexOf('.'));
      String name = id.substring(id.indexOf('.') + 1);
      TableContract contract = contracts.get(id);
      String glossaryKey =
          name.startsWith(PostgresPublisher.VIEW_VERSION)
              ? name.substring(PostgresPublisher.VIEW_VERSION.length())
              : name;
      tables.put(
          id,
          new Table(
              id,
              layer,
              name,
              contract != null && contract.description() != null
                  ? contract.description().strip()
                  : descriptions.getOrDefault(id, ""),
              contract != null ? contract.grain() : null,
              contract != null && contract.key() != null ? contract.key() : List.of(),
              contract != null && contract.columns() != null ? contract.columns() : List.of(),
              sql.get(id),
              sqlFiles.get(id),
              inputs.getOrDefault(id, Set.of()),
              readers.getOrDefault(id, Set.of()),
              glossary.get(glossaryKey)));
    }
    return tables;
  }

  /**
   * The catalogue's id of a table a run report names: {@code <layer>.<table>} as it is, a published
   * table ({@code postgres <schema>.<table>}) as its view, {@code published.v1_<table>}.
   */
  public static String id(String reported) {
    return reported.startsWith(PUBLISHED)
        ? "published." + view(reported.substring(reported.lastIndexOf('.') + 1))
        : reported;
  }

  /** The view BI reads a published table through: {@code v1_<table>}. */
  public static String view(String table) {
    return table.startsWith(PostgresPublisher.VIEW_VERSION)
        ? table
        : PostgresPublisher.VIEW_VERSION + table;
  }

  /** A landing object's columns as a table contract, for one way of showing columns. */
  private static TableContract sourceContract(SourceContract source) {
    List<TableContract.Column> columns =
        source.columns().stream()
            .map(
                c ->
                    new TableContract.Column(
                        c.name(),
                        c.type(),
                        (c.required() ? "Required. " : "")
                            + (c.personal() != null ? "Personal data (" + c.personal() + "). " : "")
                            + (c.description() != null ? c.description() : ""),
                        null,
                        null))
            .toList();
    return new TableContract(
        source.source() + "/" + source.object(),
        source.description(),
        "one row per record of an extract file (" + String.join(", ", source.folders()) + ")",
        source.key(),
        columns);
  }

  /**
   * Rows and run of each table as the latest run report that names it says ({@code
   * <runs>/<run>/report.json}, oldest first so later runs win).
   */
  public static Map<String, Freshness> freshness(Path runs) {
    Map<String, Freshness> fresh = new TreeMap<>();
    if (!Files.isDirectory(runs)) {
      return fresh;
    }
    try (Stream<Path> dirs = Files.list(runs)) {
      for (Path report :
          dirs.map(d -> d.resolve("report.json"))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(Catalogue::modified))
              .toList()) {
        JsonNode run = JSON.readTree(report.toFile());
        for (JsonNode step : run.path("steps")) {
          step.path("tables")
              .fields()
              .forEachRemaining(
                  t -> {
                    String id = id(t.getKey());
                    fresh.put(
                        id,
                        new Freshness(
                            t.getValue().asLong(),
                            run.path("run_id").asText(),
                            run.path("business_date").asText(),
                            run.path("started_at").asText()));
                  });
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fresh;
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the catalogue page to {@code file}, with the rows and freshness the run reports under
   * {@code runs} give; returns the file.
   */
  public Path write(Path file, Path runs) {
    Map<String, Table> tables = tables();
    Map<String, Freshness> fresh = freshness(runs);
    Map<String, List<Table>> byLayer = new LinkedHashMap<>();
    LAYERS.forEach(l -> byLayer.put(l, new ArrayList<>()));
    tables.values().forEach(t -> byLayer.get(t.layer()).add(t));
    Map<String, String> graphs = new TreeMap<>();
    tables.keySet().forEach(id -> graphs.put(id, LineageSvg.of(id, tables)));
    Context context = new Context(Locale.ROOT);
    context.setVariable("layers", byLayer);
    context.setVariable("fresh", fresh);
    context.setVariable("graphs", graphs);
    context.setVariable("glossary", Glossary.html(settings.homePath().resolve("docs/kpis.md")));
    context.setVariable("tableCount", tables.size());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file, ReportPages.templates().process("catalogue", context), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw TandemErrors.cannotWrite(file, e);
    }
  }
}
