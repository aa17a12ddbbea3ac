package io.hydra.scheduler.pipeline;

import io.hydra.core.graph.JobGraph;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises deadline alerts for jobs that declare a {@code deadline}: {@code at_risk} as soon as a
 * run's predicted success (or, before the run exists, its pipeline's) passes the deadline, and
 * {@code deadline_missed} once the deadline has passed without a success. Each is raised once per
 * job and logical time: the store's unique key makes a second raise, by this instance or by a new
 * leader, a no-op. Only the leader checks; with no job declaring a deadline a check reads nothing.
 */
public final class DeadlineWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

  /** How long after its deadline a run is still looked at (a run that ended late included). */
  private static final Duration LOOK_BACK = Duration.ofDays(1);

  private final Store store;

  /** The job graph as it is now (the engine's catalog): read afresh by every view. */
  private final Supplier<JobGraph> graph;

  private final Clock clock;
  private final BooleanSupplier leading;
  private final Pipelines pipelines;
  private final Map<String, AtomicLong> raised = new HashMap<>();
  private ScheduledExecutorService timer;

  public DeadlineWatch(
      Store store, Supplier<JobGraph> graph, Clock clock, BooleanSupplier leading) {
    this.store = store;
    this.graph = graph;
    this.clock = clock;
    this.leading = leading;
    this.pipelines = new Pipelines(store, graph, clock);
    raised.put(DeadlineAlert.AT_RISK, new AtomicLong());
    raised.put(DeadlineAlert.MISSED, new AtomicLong());
  }

  /** Checks every {@code period} on a thread of its own; a failed check is logged. */
  public void start(Duration period) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hydra-deadlines");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::checkAndLog, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void checkAndLog() {
    try {
      if (leading.getAsBoolean()) {
        check();
      }
    } catch (RuntimeException e) {
      log.warn("Deadline check failed; the next one tries again", e);
    }
  }

  /** One check; answers how many alerts it raised. */
  public int check() {
    JobGraph graph = this.graph.get();
    Map<String, Duration> deadlines = graph.deadlines();
    if (deadlines.isEmpty()) {
      return 0;
    }
    Instant now = clock.now();
    int count = 0;
    for (Candidate c : store.read(tx -> candidates(tx, graph, deadlines, now))) {
      Raised r = store.inTransaction(tx -> judge(tx, c, now));
      if (r != null) {
        // Counted and logged once committed: a retried transaction raises afresh.
        raised.get(r.kind()).incrementAndGet();
        log.warn("Deadline alert {} for {} at {}: {}", r.kind(), c.job(), c.logicalTime(), r.why());
        count++;
      }
    }
    return count;
  }

  /** How many alerts of {@code kind} this instance raised. */
  public long raised(String kind) {
    return raised.get(kind).get();
  }

  private record Candidate(String job, Instant logicalTime, Instant deadline) {}

  private record Raised(String kind, String why) {}

  /**
   * Each deadline job at each logical time something of its pipeline is at: its own recent runs,
   * and the unfinished runs of its same-time upstreams (before its own run exists).
   */
  private static List<Candidate> candidates(
      Tx tx, JobGraph graph, Map<String, Duration> deadlines, Instant now) {
    Set<Candidate> out = new LinkedHashSet<>();
    Duration longest = deadlines.values().stream().max(Duration::compareTo).orElseThrow();
    for (Run r : tx.pipelineRuns().since(deadlines.keySet(), now.minus(longest).minus(LOOK_BACK))) {
      Instant deadline = r.logicalTime().plus(deadlines.get(r.job()));
      if (now.isBefore(deadline.plus(LOOK_BACK))) {
        out.add(new Candidate(r.job(), r.logicalTime(), deadline));
      }
    }
    Map<String, List<String>> waitedOnBy = new HashMap<>();
    for (String job : deadlines.keySet()) {
      for (String up : graph.allUpstreamOf(job)) {
        waitedOnBy.computeIfAbsent(up, k -> new ArrayList<>()).add(job);
      }
    }
    for (Run r : tx.pipelineRuns().unfinishedOf(waitedOnBy.keySet())) {
      for (String job : waitedOnBy.get(r.job())) {
        out.add(new Candidate(job, r.logicalTime(), r.logicalTime().plus(deadlines.get(job))));
      }
    }
    return List.copyOf(out);
  }

  /** Raises what is due for one job at one logical time; null if nothing new. */
  private Raised judge(Tx tx, Candidate c, Instant now) {
    Run run = tx.runReads().find(c.job(), c.logicalTime()).orElse(null);
    if (leftOutByCalendar(tx, run)) {
      return null; // a day left out on purpose has no deadline to miss
    }
    boolean succeeded = run != null && run.state() == RunState.SUCCEEDED;
    if (succeeded && !run.endedAt().isAfter(c.deadline())) {
      return null;
    }
    if (!now.isBefore(c.deadline()) || succeeded) {
      String what = succeeded ? "succeeded late, at " + run.endedAt() : state(run);
      return raise(tx, c, DeadlineAlert.MISSED, run, null, "missed its deadline: " + what);
    }
    PipelineView.Node node = pipelines.of(tx, c.job(), c.logicalTime()).node(c.job());
    if (!node.atRisk()) {
      return null;
    }
    String why =
        node.eta() == null
            ? "cannot succeed unless someone acts: " + node.reason()
            : "predicted to succeed at "
                + node.eta()
                + (node.etaLowerBound() ? " at the earliest" : "")
                + ", after its deadline";
    return raise(tx, c, DeadlineAlert.AT_RISK, run, node.eta(), why);
  }

  /**
   * Whether the run was skipped by a calendar, itself or through the upstream runs whose skip
   * skipped it (a holiday of the first job of a pipeline skips the whole pipeline that day).
   */
  private static boolean leftOutByCalendar(Tx tx, Run run) {
    for (int hops = 0; run != null && run.state() == RunState.SKIPPED && hops < MAX_HOPS; hops++) {
      if (run.reasonKind() == ReasonKind.CALENDAR) {
        return true;
      }
      String upstream = run.why().detail(Reason.UPSTREAM);
      if (run.reasonKind() != ReasonKind.UPSTREAM_SKIPPED || upstream == null) {
        return false;
      }
      run = tx.runReads().find(upstream, run.logicalTime()).orElse(null);
    }
    return false;
  }

  /** Longer than any chain of same-time upstreams worth following for one alert. */
  private static final int MAX_HOPS = 100;

  private static String state(Run run) {
    return run == null
        ? "it has no run yet"
        : run.state().name().toLowerCase(Locale.ROOT) + ": " + run.reason();
  }

  private static Raised raise(
      Tx tx, Candidate c, String kind, Run run, Instant eta, String reason) {
    boolean isNew =
        tx.deadlineAlerts()
            .raise(
                c.job(),
                c.logicalTime(),
                kind,
                run == null ? null : run.id(),
                c.deadline(),
                eta,
                reason)
            .isPresent();
    return isNew ? new Raised(kind, reason) : null;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
