package io.tandem.cli;

import io.tandem.jobs.JobParameterNames;
import io.tandem.jobs.NightlyJobConfiguration;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Component
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List job executions from the job repository, newest first.")
public class RunsCommand implements Callable<Integer> {
  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many job instances to list (default ${DEFAULT-VALUE}).")
  int limit;

  private final JobRepository jobRepository;

  public RunsCommand(JobRepository jobRepository) {
    this.jobRepository = jobRepository;
  }

  @Override
  public Integer call() {
    String format = "%-22s %-10s %-11s %-11s %5s %-19s %9s  %s%n";
    System.out.printf(
        format, "run id", "status", "from", "as of", "rerun", "started", "seconds", "warehouse");
    for (JobInstance instance :
        jobRepository.getJobInstances(NightlyJobConfiguration.JOB_NAME, 0, limit)) {
      for (JobExecution e : jobRepository.getJobExecutions(instance)) {
        var p = e.getJobParameters();
        String seconds =
            e.getStartTime() == null || e.getEndTime() == null
                ? "-"
                : String.format(
                    "%.1f", Duration.between(e.getStartTime(), e.getEndTime()).toMillis() / 1000.0);
        System.out.printf(
            format,
            JobParameterNames.runId(e),
            e.getStatus(),
            p.getLocalDate(JobParameterNames.FROM_DATE),
            p.getLocalDate(JobParameterNames.BUSINESS_DATE),
            p.getLong(JobParameterNames.RERUN),
            e.getStartTime() == null
                ? "-"
                : e.getStartTime().withNano(0).toString().replace('T', ' '),
            seconds,
            p.getString(JobParameterNames.WAREHOUSE));
      }
    }
    return 0;
  }
}
