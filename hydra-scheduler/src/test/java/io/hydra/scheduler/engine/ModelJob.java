package io.hydra.scheduler.engine;

import io.hydra.core.job.CronDialect;
import io.hydra.core.job.JobSpec;
import io.hydra.core.schedule.CronSchedule;
import io.hydra.store.json.JobSpecReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A job definition the model test generates, small enough to read in a shrunk counterexample: a
 * cron on a coarse grid (or none), upstreams among the jobs named before it (so the graph has no
 * cycle), a trigger rule, a concurrency policy, retries, a timeout and a pause flag.
 *
 * @param cron null for a job that only follows its upstreams
 * @param catchup all, latest or none
 * @param deadline a starting deadline in minutes, or 0 for none
 * @param after upstream jobs, each named before this one in {@link ModelWorld#NAMES}
 * @param retries retries after a failure, each after ten minutes
 * @param timeout a timeout in minutes, or 0 for none
 */
record ModelJob(
    String name,
    String cron,
    String catchup,
    int deadline,
    List<String> after,
    String trigger,
    String concurrency,
    int retries,
    int timeout,
    boolean paused) {

  private static final Map<String, CronSchedule> CRON_CACHE = new ConcurrentHashMap<>();

  static final List<String> CRONS =
      List.of("0 * * * *", "30 * * * *", "0 */2 * * *", "*/30 * * * *");

  /** The job as YAML, as an operator would post it. */
  String yaml() {
    StringBuilder y = new StringBuilder("name: " + name + "\n");
    if (cron != null) {
      y.append("schedule: {cron: '").append(cron).append("', catchup: ").append(catchup);
      y.append(deadline > 0 ? ", startingDeadline: PT" + deadline + "M}\n" : "}\n");
    }
    if (!after.isEmpty()) {
      y.append("after: [").append(String.join(", ", after)).append("]\n");
    }
    y.append("trigger: ")
        .append(trigger)
        .append("\nconcurrency: ")
        .append(concurrency)
        .append('\n');
    if (retries > 0) {
      y.append("retries: {max: ").append(retries).append(", delay: PT10M}\n");
    }
    if (timeout > 0) {
      y.append("timeout: PT").append(timeout).append("M\n");
    }
    if (paused) {
      y.append("paused: true\n");
    }
    return y.append("task: {command: 'true'}\n").toString();
  }

  JobSpec spec() {
    return JobSpecReader.fromYaml(yaml());
  }

  /** Whether the engine sees a new schedule (its due time restarts from now). */
  boolean scheduleDiffers(ModelJob other) {
    return other == null
        || !Objects.equals(cron, other.cron)
        || (cron != null && (!catchup.equals(other.catchup) || deadline != other.deadline));
  }

  /** Whether runs' upstream verdicts were decided under other rules than this job's now. */
  boolean dependenciesDiffer(ModelJob other) {
    return other == null || !after.equals(other.after) || !trigger.equals(other.trigger);
  }

  /** Fire times in (from, to]. */
  List<Instant> firesBetween(Instant from, Instant to) {
    if (cron == null) {
      return List.of();
    }
    return CRON_CACHE
        .computeIfAbsent(cron, c -> CronSchedule.parse(c, CronDialect.UNIX, ZoneOffset.UTC))
        .firesBetween(from, to, 10_000);
  }

  boolean firesAt(Instant t) {
    return firesBetween(t.minusNanos(1), t).contains(t);
  }

  @Override
  public String toString() {
    return yaml().replace("\ntask: {command: 'true'}\n", "").replace('\n', ' ');
  }

  /**
   * A definition for the job at {@code index} of the universe, its upstreams among the jobs {@code
   * defined} before it.
   */
  static Arbitrary<ModelJob> of(int index, java.util.Set<String> defined) {
    String name = ModelWorld.NAMES.get(index);
    List<String> earlier =
        ModelWorld.NAMES.subList(0, index).stream().filter(defined::contains).toList();
    Arbitrary<List<String>> after =
        earlier.isEmpty()
            ? Arbitraries.just(List.of())
            : Arbitraries.of(earlier).set().ofMaxSize(2).map(s -> sorted(new ArrayList<>(s)));
    Arbitrary<String> cron = Arbitraries.of(CRONS).injectNull(0.3);
    Arbitrary<String> catchup = Arbitraries.of("latest", "all", "none");
    Arbitrary<Integer> deadline = Arbitraries.of(0, 0, 45, 120);
    Arbitrary<String> trigger =
        Arbitraries.of("all_success", "all_success", "all_done", "one_failed");
    Arbitrary<String> concurrency = Arbitraries.of("forbid", "allow", "replace", "queue");
    Arbitrary<Integer> retries = Arbitraries.of(0, 0, 1, 2);
    Arbitrary<Integer> timeout = Arbitraries.of(0, 0, 0, 20);
    Arbitrary<Boolean> paused = Arbitraries.of(false, false, false, true);
    return Combinators.combine(
            cron, catchup, deadline, after, trigger, concurrency, retries, timeout)
        .as((c, cu, d, a, tr, co, r, to) -> new ModelJob(name, c, cu, d, a, tr, co, r, to, false))
        .flatMap(j -> paused.map(p -> j.withPaused(p)))
        // A job needs a schedule or a same-time upstream; without both it is refused, which
        // the model checks too, but mostly it should be accepted.
        .map(j -> j.cron == null && j.after.isEmpty() ? j.withCron(CRONS.get(0)) : j);
  }

  ModelJob withPaused(boolean value) {
    return new ModelJob(
        name, cron, catchup, deadline, after, trigger, concurrency, retries, timeout, value);
  }

  private ModelJob withCron(String value) {
    return new ModelJob(
        name, value, catchup, deadline, after, trigger, concurrency, retries, timeout, paused);
  }

  private static List<String> sorted(List<String> list) {
    list.sort(String::compareTo);
    return List.copyOf(list);
  }
}
