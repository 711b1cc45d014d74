package io.tandem.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.CompositeConfig;
import io.openlineage.client.transports.CompositeTransport;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.transports.TransportConfig;
import io.tandem.catalogue.Catalogue;
import io.tandem.config.TandemSettings;
import io.tandem.contracts.TableContract;
import io.tandem.errors.TandemErrors;
import io.tandem.runs.JobParameterNames;
import io.tandem.runs.RunReportWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * Emits the run as OpenLineage run events through the OpenLineage Java client: START, COMPLETE or
 * FAIL for the job run and for each step (a child run), and for each table a step wrote a COMPLETE
 * event of its own job, named after the table, with the tables it is built from as inputs and the
 * table as output (its columns from the contract, its row count). Warehouse tables and landing
 * objects are {@code file} datasets named by their path, published views {@code postgres://}
 * datasets. A consumer that cannot be reached is logged and never changes the run.
 */
@Component
public class OpenLineageEmitter implements JobExecutionListener, StepExecutionListener {
  private static final Logger log = LoggerFactory.getLogger(OpenLineageEmitter.class);
  private static final URI PRODUCER = URI.create("urn:io.tandem:tandem");

  private final LineageSettings settings;
  private final TandemSettings tandem;
  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private OpenLineageClient client;
  private Map<String, Catalogue.Table> tables;

  public OpenLineageEmitter(LineageSettings settings, TandemSettings tandem) {
    this.settings = settings;
    this.tandem = tandem;
  }

  @Override
  public void beforeJob(JobExecution execution) {
    if (!settings.enabled()) {
      return;
    }
    try {
      client = new OpenLineageClient(transport());
      tables = new Catalogue(tandem).tables();
    } catch (RuntimeException e) {
      log.warn("No OpenLineage events for this run: {}", TandemErrors.userMessage(e));
      client = null;
      return;
    }
    emit(
        event(
            OpenLineage.RunEvent.EventType.START,
            jobRun(execution),
            null,
            List.of(),
            List.of(),
            null));
  }

  @Override
  public void beforeStep(StepExecution step) {
    if (client != null) {
      emit(
          event(
              OpenLineage.RunEvent.EventType.START,
              stepRun(step),
              jobRun(step.getJobExecution()),
              List.of(),
              List.of(),
              null));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public ExitStatus afterStep(StepExecution step) {
    if (client == null) {
      return null;
    }
    JobExecution job = step.getJobExecution();
    Map<String, Object> outcome = RunReportWriter.outcome(step);
    Map<String, Number> written = (Map<String, Number>) outcome.getOrDefault("tables", Map.of());
    String postgres = postgresNamespace(outcome);
    Run stepRun = stepRun(step);
    List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
    // the step's inputs: what its tables read that the step did not write itself
    Map<Dataset, OpenLineage.InputDataset> inputs = new LinkedHashMap<>();
    written.forEach(
        (table, rows) -> {
          String id = Catalogue.id(table);
          OpenLineage.OutputDataset output = output(id, table, rows.longValue(), job, postgres);
          outputs.add(output);
          List<OpenLineage.InputDataset> read = inputs(id, job);
          read.forEach(i -> inputs.putIfAbsent(new Dataset(i.getNamespace(), i.getName()), i));
          emit(
              event(
                  OpenLineage.RunEvent.EventType.COMPLETE,
                  new Run(
                      UUID.nameUUIDFromBytes((stepRun.id + id).getBytes(StandardCharsets.UTF_8)),
                      settings.namespace(),
                      id),
                  stepRun,
                  read,
                  List.of(output),
                  null));
        });
    outputs.forEach(o -> inputs.remove(new Dataset(o.getNamespace(), o.getName())));
    boolean failed = step.getStatus() == BatchStatus.FAILED;
    emit(
        event(
            failed ? OpenLineage.RunEvent.EventType.FAIL : OpenLineage.RunEvent.EventType.COMPLETE,
            stepRun,
            jobRun(job),
            List.copyOf(inputs.values()),
            outputs,
            failed ? failure(step.getFailureExceptions()) : null));
    return null;
  }

  @Override
  public void afterJob(JobExecution execution) {
    if (client == null) {
      return;
    }
    boolean failed = execution.getStatus() != BatchStatus.COMPLETED;
    emit(
        event(
            failed ? OpenLineage.RunEvent.EventType.FAIL : OpenLineage.RunEvent.EventType.COMPLETE,
            jobRun(execution),
            null,
            List.of(),
            List.of(),
            failed ? failure(execution.getAllFailureExceptions()) : null));
    try {
      client.close();
    } catch (Exception e) {
      log.warn("Cannot close the OpenLineage client: {}", e.getMessage());
    }
    client = null;
  }

  /** A dataset's identity in OpenLineage: its namespace and name. */
  private record Dataset(String namespace, String name) {}

  /** A run of a job: its id and the job's namespace and name. */
  private record Run(UUID id, String namespace, String job) {}

  private Run jobRun(JobExecution execution) {
    String runId = JobParameterNames.runId(execution);
    return new Run(
        UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)),
        settings.namespace(),
        execution.getJobInstance().getJobName());
  }

  private Run stepRun(StepExecution step) {
    Run job = jobRun(step.getJobExecution());
    return new Run(
        UUID.nameUUIDFromBytes((job.id() + step.getStepName()).getBytes(StandardCharsets.UTF_8)),
        settings.namespace(),
        job.job() + "." + step.getStepName());
  }

  private OpenLineage.RunEvent event(
      OpenLineage.RunEvent.EventType type,
      Run run,
      Run parent,
      List<OpenLineage.InputDataset> inputs,
      List<OpenLineage.OutputDataset> outputs,
      OpenLineage.ErrorMessageRunFacet error) {
    OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder();
    if (parent != null) {
      facets.parent(
          ol.newParentRunFacetBuilder()
              .run(ol.newParentRunFacetRunBuilder().runId(parent.id()).build())
              .job(
                  ol.newParentRunFacetJobBuilder()
                      .namespace(parent.namespace())
                      .name(parent.job())
                      .build())
              .build());
    }
    if (error != null) {
      facets.errorMessage(error);
    }
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
        .run(ol.newRunBuilder().runId(run.id()).facets(facets.build()).build())
        .job(ol.newJobBuilder().namespace(run.namespace()).name(run.job()).build())
        .inputs(inputs)
        .outputs(outputs)
        .build();
  }

  private OpenLineage.ErrorMessageRunFacet failure(List<Throwable> errors) {
    return ol.newErrorMessageRunFacetBuilder()
        .message(errors.isEmpty() ? "failed" : TandemErrors.userMessage(errors.get(0)))
        .programmingLanguage("Java")
        .build();
  }

  private OpenLineage.OutputDataset output(
      String id, String reported, long rows, JobExecution job, String postgres) {
    String[] dataset = dataset(id, reported, job, postgres);
    OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder();
    Catalogue.Table table = tables.get(id);
    if (table != null && !table.columns().isEmpty()) {
      facets.schema(schema(table.columns()));
    }
    return ol.newOutputDatasetBuilder()
        .namespace(dataset[0])
        .name(dataset[1])
        .facets(facets.build())
        .outputFacets(
            ol.newOutputDatasetOutputFacetsBuilder()
                .outputStatistics(
                    ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(rows).build())
                .build())
        .build();
  }

  private List<OpenLineage.InputDataset> inputs(String id, JobExecution job) {
    List<OpenLineage.InputDataset> inputs = new ArrayList<>();
    Catalogue.Table table = tables.get(id);
    for (String input : table == null ? Set.<String>of() : table.inputs()) {
      String[] dataset = dataset(input, input, job, null);
      OpenLineage.DatasetFacetsBuilder facets = ol.newDatasetFacetsBuilder();
      Catalogue.Table read = tables.get(input);
      if (read != null && !read.columns().isEmpty()) {
        facets.schema(schema(read.columns()));
      }
      inputs.add(
          ol.newInputDatasetBuilder()
              .namespace(dataset[0])
              .name(dataset[1])
              .facets(facets.build())
              .build());
    }
    return inputs;
  }

  private OpenLineage.SchemaDatasetFacet schema(List<TableContract.Column> columns) {
    return ol.newSchemaDatasetFacetBuilder()
        .fields(
            columns.stream()
                .map(
                    c ->
                        ol.newSchemaDatasetFacetFieldsBuilder()
                            .name(c.name())
                            .type(c.type())
                            .description(c.description())
                            .build())
                .toList())
        .build();
  }

  /**
   * A table's OpenLineage namespace and name: a warehouse table or landing object is a {@code file}
   * dataset named by its path, a conf file by its path, a published view {@code
   * <database>.<schema>.<view>} in the publishing server's namespace.
   */
  private String[] dataset(String id, String reported, JobExecution job, String postgres) {
    String layer = id.substring(0, id.indexOf('.'));
    String name = id.substring(id.indexOf('.') + 1);
    var parameters = job.getJobParameters();
    Path path =
        switch (layer) {
          case "landing" -> Path.of(parameters.getString(JobParameterNames.LANDING)).resolve(name);
          case "conf" -> tandem.confPath().resolve(name);
          case "published" -> null;
          default ->
              Path.of(parameters.getString(JobParameterNames.WAREHOUSE))
                  .resolve(layer)
                  .resolve(name);
        };
    if (path == null) {
      // reported as "postgres <schema>.<table>", read by BI through its view
      String table = reported.substring(reported.indexOf(' ') + 1);
      String view =
          table.substring(0, table.indexOf('.') + 1)
              + Catalogue.view(table.substring(table.indexOf('.') + 1));
      return postgres == null
          ? new String[] {"postgres", view}
          : new String[] {postgres.split("\\|", 2)[0], postgres.split("\\|", 2)[1] + view};
    }
    return new String[] {"file", path.toAbsolutePath().normalize().toString()};
  }

  /** The publishing server as {@code postgres://host:port|<database>.}, from its connection. */
  private static String postgresNamespace(Map<String, Object> outcome) {
    Object details = outcome.get("details");
    if (!(details instanceof Map<?, ?> map) || !(map.get("bi_connection") instanceof String c)) {
      return null;
    }
    for (String line : c.split("\n")) {
      if (line.startsWith("jdbc:")) {
        String address = line.substring(line.indexOf("postgresql://") + "postgresql://".length());
        String hostPort =
            address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        String database =
            address.contains("/")
                ? address.substring(address.indexOf('/') + 1).replaceFirst("\\?.*", "")
                : "";
        return "postgres://" + hostPort + "|" + database + ".";
      }
    }
    return null;
  }

  private Transport transport() {
    List<TransportConfig> transports = new ArrayList<>();
    if (!settings.url().isEmpty()) {
      HttpConfig http = new HttpConfig();
      http.setUrl(URI.create(settings.url()));
      if (!settings.apiKey().isEmpty()) {
        http.setHeaders(Map.of("Authorization", "Bearer " + settings.apiKey()));
      }
      transports.add(http);
    }
    if (!settings.file().isEmpty()) {
      Path file = Path.of(settings.file()).toAbsolutePath();
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        throw TandemErrors.cannotWrite(file, e);
      }
      transports.add(new FileConfig(file.toString()));
    }
    return new CompositeTransport(
        CompositeConfig.createFromTransportConfigs(transports, true, false));
  }

  private void emit(OpenLineage.RunEvent event) {
    try {
      client.emit(event);
    } catch (RuntimeException e) {
      log.warn(
          "Cannot send the OpenLineage event {} of {}: {}",
          event.getEventType(),
          event.getJob().getName(),
          TandemErrors.userMessage(e));
    }
  }
}
