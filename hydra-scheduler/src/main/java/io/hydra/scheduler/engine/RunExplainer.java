package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.queue.FairShare;
import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.core.schedule.Timetable;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.backfill.Backfill;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers the facts {@link Why} decides from: the run's upstream runs and what will create the
 * missing ones, the job's other runs, the launcher's free capacity, the runs ahead in the queue,
 * and whether the launcher has had nowhere to put work.
 */
final class RunExplainer {

  private final Store store;
  private final Engine engine;

  RunExplainer(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
  }

  /** Why the run is where it is: every cause that holds it back or ended it. */
  Why.Explanation why(long runId) {
    return store.read(
        tx -> {
          Run run = tx.runReads().get(runId).orElseThrow(() -> notFound(runId));
          JobSpec spec = engine.catalog().spec(run.job()).orElse(null);
          Map<String, Optional<Why.UpstreamRun>> upstreams = new LinkedHashMap<>();
          Map<String, Duration> stale = new LinkedHashMap<>();
          if (spec != null) {
            for (var ref : spec.after()) {
              if (ref.within() != null
                  && !tx.dependencyRuns()
                      .succeededBetween(
                          ref.job(), run.logicalTime().minus(ref.within()), run.logicalTime())) {
                stale.put(ref.job(), ref.within());
              }
            }
            Map<String, Run> found = new HashMap<>();
            tx.dependencyRuns()
                .find(spec.sameTimeUpstreams(), run.logicalTime())
                .forEach(r -> found.put(r.job(), r));
            for (String up : spec.sameTimeUpstreams()) {
              upstreams.put(
                  up,
                  Optional.ofNullable(found.get(up))
                      .map(r -> new Why.UpstreamRun(r.id(), r.state())));
            }
          }
          List<Why.OtherRun> others =
              tx.runReads().unfinishedOf(run.job()).stream()
                  .filter(r -> r.id() != runId)
                  .map(r -> new Why.OtherRun(r.id(), r.logicalTime(), r.state()))
                  .toList();
          Why.Explanation e =
              Why.explain(
                  new Why.RunFacts(
                      run.id(),
                      run.job(),
                      run.logicalTime(),
                      run.state(),
                      run.reasonKind(),
                      run.reason(),
                      run.retryAt(),
                      run.attempts(),
                      run.hold()),
                  spec,
                  upstreams,
                  creators(tx, upstreams, run.logicalTime()),
                  stale,
                  others,
                  run.state() == RunState.QUEUED ? shortfall(tx, run) : Optional.empty(),
                  run.state() == RunState.QUEUED ? ahead(tx, run) : Optional.empty());
          return pipelineRetry(tx, run, starved(tx, run, e));
        });
  }

  /** How far into an owner's queue a run's place is looked for. */
  private static final int LOOK_AHEAD = 1000;

  /**
   * The runs the dispatcher would start before this queued one, by owner, and the share of capacity
   * its owner is due; empty if it is held back otherwise or too far down its queue.
   */
  private Optional<Why.Ahead> ahead(Tx tx, Run run) {
    FairShare share = engine.config().fairShare();
    Map<String, Integer> running = tx.runQueue().runningByOwner();
    List<Run> order = tx.runQueue().startableInOrder(LOOK_AHEAD, share, running);
    Map<String, Integer> byOwner = new TreeMap<>();
    Set<String> active = new HashSet<>(running.keySet());
    for (Run r : order) {
      active.add(r.owner());
    }
    double due = share.dueShare(run.owner(), active);
    for (Run r : order) {
      if (r.id() == run.id()) {
        return Optional.of(new Why.Ahead(byOwner, run.owner(), due, false));
      }
      byOwner.merge(r.owner(), 1, Integer::sum);
    }
    // Not among the first runs of its owner's queue that were looked at: further back, unless it
    // is held back by its job (paused, concurrency), which the other reasons say.
    boolean deeper = byOwner.getOrDefault(run.owner(), 0) >= LOOK_AHEAD;
    return deeper ? Optional.of(new Why.Ahead(byOwner, run.owner(), due, true)) : Optional.empty();
  }

  /** An ended run whose pipeline waits for a retry says when it runs again. */
  private Why.Explanation pipelineRetry(Tx tx, Run run, Why.Explanation e) {
    if (!run.state().isTerminal()) {
      return e;
    }
    return engine
        .transitions()
        .pipelineRetries()
        .waiting(tx, run)
        .map(
            r -> {
              List<Why.Reason> all = new ArrayList<>(e.reasons());
              all.add(r);
              return new Why.Explanation(e.state(), List.copyOf(all));
            })
        .orElse(e);
  }

  /** A launching attempt whose launcher reports no resources for too long says so. */
  private Why.Explanation starved(Tx tx, Run run, Why.Explanation e) {
    if (run.state() != RunState.RUNNING) {
      return e;
    }
    Optional<Duration> waited = engine.launcher().starvedFor();
    if (waited.isEmpty()) {
      return e;
    }
    return tx.attempts().ofRun(run.id()).stream()
        .filter(a -> a.state() == AttemptState.LAUNCHING)
        .reduce((first, second) -> second)
        .map(a -> Why.starved(e, a.number(), waited.get()))
        .orElse(e);
  }

  /** For each upstream without a run for T: what will create it, if anything will. */
  private Map<String, String> creators(
      Tx tx, Map<String, Optional<Why.UpstreamRun>> upstreams, Instant t) {
    Map<String, String> creators = new HashMap<>();
    upstreams.forEach(
        (job, run) -> {
          if (run.isEmpty()) {
            whatCreates(tx, job, t).ifPresent(what -> creators.put(job, what));
          }
        });
    return creators;
  }

  private Optional<String> whatCreates(Tx tx, String job, Instant t) {
    JobSpec spec = engine.catalog().spec(job).orElse(null);
    if (spec == null) {
      return Optional.empty();
    }
    if (!spec.sameTimeUpstreams().isEmpty()) {
      return Optional.of("it is created when an upstream run of '" + job + "' for " + t + " ends");
    }
    for (Backfill backfill : tx.backfills().ofJob(job)) {
      if (backfill.isRunning()
          && backfill.nextFire() != null
          && !t.isBefore(backfill.nextFire())
          && !t.isAfter(backfill.to())) {
        return Optional.of("backfill " + backfill.id() + " creates it");
      }
    }
    Optional<Instant> nextFire = tx.schedules().nextFire(job);
    if (spec.schedule() != null
        && nextFire.isPresent()
        && !t.isBefore(nextFire.get())
        && Timetable.of(spec.allSchedules(), Map.of())
            .nextAfter(t.minusMillis(1))
            .equals(Optional.of(t))) {
      return Optional.of("the schedule of '" + job + "' fires at " + t);
    }
    return Optional.empty();
  }

  private Optional<String> shortfall(Tx tx, Run run) {
    Optional<Capacity> free = CapacityBudget.free(tx, engine.launcher(), engine.catalog());
    Capacity need = CapacityBudget.need(engine.catalog(), run.job());
    if (free.isEmpty() || free.get().fits(need)) {
      return Optional.empty();
    }
    return Optional.of(
        "needs "
            + need
            + "; the "
            + engine.launcher().name()
            + " launcher has "
            + free.get()
            + " free of "
            + engine.launcher().capacity().orElseThrow()
            + "; it starts when running tasks end");
  }

  private static NotFoundException notFound(long runId) {
    return new NotFoundException("run " + runId + " does not exist");
  }
}
