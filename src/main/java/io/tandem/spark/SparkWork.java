package io.tandem.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the work a Spark session does: jobs, stages and tasks (from Spark's listener bus) and
 * Delta commits (told by {@link Warehouse}), in total and per unit of work — a model or an ingested
 * object — named by the thread that runs it with {@link #unit}. Most of a small run's time is per
 * job and per commit, so these counts say where it goes better than seconds do.
 */
public final class SparkWork extends SparkListener {
  /** The local property naming the unit of work whose jobs a thread runs. */
  static final String UNIT = "tandem.unit";

  private static final long DRAIN_MILLIS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(SparkWork.class);
  private static final Map<SparkContext, SparkWork> METERS = new ConcurrentHashMap<>();

  private final SparkContext context;
  private final Counts total = new Counts();
  private final Map<String, Counts> perUnit = new ConcurrentHashMap<>();
  private final Map<Integer, Counts> perStage = new ConcurrentHashMap<>();

  private SparkWork(SparkContext context) {
    this.context = context;
  }

  /** The meter of this session's Spark context, listening from the first call on. */
  public static SparkWork of(SparkSession spark) {
    return METERS.computeIfAbsent(
        spark.sparkContext(),
        context -> {
          SparkWork meter = new SparkWork(context);
          context.addSparkListener(meter);
          return meter;
        });
  }

  /**
   * Runs {@code work} on this thread with its Spark jobs and Delta commits counted as {@code unit};
   * returns its result and what it cost. One unit runs on one thread at a time.
   */
  public <T> Metered<T> unit(String unit, Supplier<T> work) {
    String outer = context.getLocalProperty(UNIT);
    Tally before = of(unit);
    context.setLocalProperty(UNIT, unit);
    try {
      T value = work.get();
      return new Metered<>(value, drained(() -> of(unit)).since(before));
    } finally {
      context.setLocalProperty(UNIT, outer);
    }
  }

  /** A unit's result and the Spark work it took. */
  public record Metered<T>(T value, Tally work) {}

  /** Called by the one place that commits to Delta, on the thread that committed. */
  void committed() {
    countFor(context.getLocalProperty(UNIT)).commits.incrementAndGet();
  }

  /** Everything counted so far, once the listener bus has delivered the events already posted. */
  public Tally total() {
    return drained(total::tally);
  }

  /**
   * Spark delivers listener events on a thread of its own, behind the jobs that posted them: a
   * reading waits for the events posted so far (at most {@value #DRAIN_MILLIS} ms).
   */
  private Tally drained(Supplier<Tally> reading) {
    try {
      context.listenerBus().waitUntilEmpty(DRAIN_MILLIS);
    } catch (TimeoutException e) {
      log.warn("Spark's listener bus still busy after {} ms; counts may lag", DRAIN_MILLIS);
    }
    return reading.get();
  }

  private Tally of(String unit) {
    Counts counts = perUnit.get(unit);
    return counts == null ? Tally.NONE : counts.tally();
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String unit = job.properties() == null ? null : job.properties().getProperty(UNIT);
    Counts counts = countFor(unit);
    counts.jobs.incrementAndGet();
    job.stageInfos()
        .foreach(
            stage -> {
              perStage.put(stage.stageId(), counts);
              return null;
            });
    if (log.isDebugEnabled() && job.stageInfos().nonEmpty()) {
      log.debug("job {} for {}: {}", job.jobId(), unit, job.stageInfos().head().name());
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted stage) {
    perStage.getOrDefault(stage.stageInfo().stageId(), total).stages.incrementAndGet();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted stage) {
    perStage.remove(stage.stageInfo().stageId());
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart task) {
    perStage.getOrDefault(task.stageId(), total).tasks.incrementAndGet();
  }

  /** The unit's counts, which also add to the total (the total alone for work of no unit). */
  private Counts countFor(String unit) {
    if (unit == null) {
      return total;
    }
    return perUnit.computeIfAbsent(unit, u -> new Counts(total));
  }

  /** Jobs, stages, tasks and Delta commits: a reading of the meter, or the difference of two. */
  public record Tally(long jobs, long stages, long tasks, long commits) {
    /** No work: a model found already built. */
    public static final Tally NONE = new Tally(0, 0, 0, 0);

    public Tally since(Tally earlier) {
      return new Tally(
          jobs - earlier.jobs,
          stages - earlier.stages,
          tasks - earlier.tasks,
          commits - earlier.commits);
    }

    public Map<String, Long> asMap() {
      Map<String, Long> map = new LinkedHashMap<>();
      map.put("spark_jobs", jobs);
      map.put("spark_stages", stages);
      map.put("spark_tasks", tasks);
      map.put("delta_commits", commits);
      return map;
    }

    @Override
    public String toString() {
      return jobs + " jobs, " + stages + " stages, " + tasks + " tasks, " + commits + " commits";
    }
  }

  /** Counters that also count into a parent (a unit's into the total). */
  private static final class Counts {
    final ParentedCounter jobs;
    final ParentedCounter stages;
    final ParentedCounter tasks;
    final ParentedCounter commits;

    Counts() {
      this(null);
    }

    Counts(Counts parent) {
      jobs = new ParentedCounter(parent == null ? null : parent.jobs);
      stages = new ParentedCounter(parent == null ? null : parent.stages);
      tasks = new ParentedCounter(parent == null ? null : parent.tasks);
      commits = new ParentedCounter(parent == null ? null : parent.commits);
    }

    Tally tally() {
      return new Tally(jobs.get(), stages.get(), tasks.get(), commits.get());
    }
  }

  private static final class ParentedCounter {
    private final AtomicLong value = new AtomicLong();
    private final ParentedCounter parent;

    ParentedCounter(ParentedCounter parent) {
      this.parent = parent;
    }

    void incrementAndGet() {
      value.incrementAndGet();
      if (parent != null) {
        parent.incrementAndGet();
      }
    }

    long get() {
      return value.get();
    }
  }
}
