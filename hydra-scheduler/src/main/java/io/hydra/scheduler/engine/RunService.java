package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.core.schedule.Timetable;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.pipeline.Attention;
import io.hydra.scheduler.pipeline.AttentionReport;
import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.scheduler.pipeline.Pipelines;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.backfill.Backfill;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import io.hydra.store.run.RunQuery;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** What operators and pipelines do to runs: trigger, re-run, kill, inspect. */
public final class RunService {

  private final Store store;
  private final Engine engine;
  private final RunCreation creation;
  private final RunTransitions transitions;

  public RunService(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
    this.transitions = engine.transitions();
    this.creation = new RunCreation(engine.catalog(), transitions);
  }

  /** A run with its attempts and timeline. */
  public record RunDetail(Run run, List<Attempt> attempts, List<RunEvent> events) {}

  /**
   * The result of a trigger: the run, and whether it is new (an existing run is returned as is).
   */
  public record Triggered(Run run, boolean created) {}

  /** Creates run (job, T) now, for T given or the current time; idempotent per (job, T). */
  public Triggered trigger(String job, Instant logicalTime, Map<String, String> params) {
    JobSpec spec =
        engine
            .catalog()
            .spec(job)
            .orElseThrow(() -> new NotFoundException("job '" + job + "' does not exist"));
    Instant now = engine.clock().now();
    Instant t = logicalTime != null ? logicalTime : now.truncatedTo(ChronoUnit.MILLIS);
    RunCreation.Created result =
        store.inTransaction(
            tx ->
                // Kills of replaced runs are recorded on their attempts; the leader sends them.
                creation.create(tx, spec, t, RunCause.MANUAL, params, now, new AfterCommit()));
    engine.wake(); // the leader sends any kill a replacing run recorded
    return new Triggered(result.run(), result.isNew());
  }

  /** What a re-run changed: the run itself and the downstream runs set to run again. */
  public record Rerun(Run run, List<Run> downstream) {}

  /**
   * Starts a new attempt of an ended run; waiting or upstream-failed downstream runs follow when it
   * succeeds. With {@code downstream}, ended downstream runs of the same logical time (those that
   * succeeded included) wait for it and run again, in dependency order.
   */
  public Rerun rerun(long runId, Map<String, String> params, boolean withDownstream, String who) {
    Rerun result =
        store.inTransaction(
            tx -> {
              Run current = tx.runReads().getForUpdate(runId).orElseThrow(() -> notFound(runId));
              Instant now = engine.clock().now();
              Run changed = params == null ? current : current.withParams(params);
              RunLifecycle.Transition t = RunLifecycle.rerun(current.snapshot(), who);
              Run queued = changed.apply(t, now);
              transitions.applyAll(
                  tx, List.of(new RunTransitions.Step(current, queued, t, null)), now);
              List<Run> reset = withDownstream ? resetDownstream(tx, current, now) : List.of();
              return new Rerun(queued, reset);
            });
    engine.wake();
    return result;
  }

  /**
   * Sets each ended downstream run to wait for the re-run, in dependency order, unless its other
   * upstreams decide it already (a failed one under {@code all_success}): that run keeps, or takes,
   * the verdict they give, as it would had it been evaluated when they ended.
   */
  private List<Run> resetDownstream(Tx tx, Run upstream, Instant now) {
    List<Run> reset = new ArrayList<>();
    for (Run run : endedDownstream(tx, upstream)) {
      Optional<JobSpec> spec = engine.catalog().spec(run.job());
      Readiness.Verdict verdict =
          spec.map(s -> transitions.downstream().verdict(tx, s, run.logicalTime())).orElse(null);
      if (verdict != null
          && verdict.state() == run.state()
          && Readiness.decidedByUpstreams(run.state(), run.reasonKind())) {
        continue; // decided by its other upstreams as it stands
      }
      RunLifecycle.Transition t = RunLifecycle.awaitUpstreamRerun(run.snapshot(), upstream.job());
      Run waiting = transitions.apply(tx, run, t, now);
      if (verdict != null && verdict.state() != RunState.WAITING) {
        waiting =
            transitions.apply(
                tx, waiting, RunLifecycle.upstreamVerdict(waiting.snapshot(), verdict), now);
      }
      reset.add(waiting);
    }
    return reset;
  }

  /**
   * The downstream runs a re-run with {@code downstream: true} would set to run again, in the order
   * it would, without changing anything: so an operator can see them before confirming.
   */
  public List<Run> rerunDownstreamPreview(long runId) {
    return store.read(
        tx -> endedDownstream(tx, tx.runReads().get(runId).orElseThrow(() -> notFound(runId))));
  }

  /** Ended runs of the same logical time downstream of {@code upstream}, in dependency order. */
  private List<Run> endedDownstream(Tx tx, Run upstream) {
    List<String> jobs = engine.catalog().graph().allDownstreamOf(upstream.job());
    List<Run> ended = new ArrayList<>();
    for (Run run : tx.dependencyRuns().at(jobs, upstream.logicalTime())) {
      if (run.state().isTerminal()) {
        ended.add(run);
      }
    }
    ended.sort(Comparator.comparingInt(r -> jobs.indexOf(r.job())));
    return ended;
  }

  /** Declares a run successful without running it; downstream runs proceed. */
  public Run markSucceeded(long runId, String who) {
    return operatorTransition(runId, run -> RunLifecycle.markSucceeded(run.snapshot(), who));
  }

  /** Decides a run will not run; downstream runs see a skipped upstream. */
  public Run skip(long runId, String who) {
    return operatorTransition(runId, run -> RunLifecycle.skipByOperator(run.snapshot(), who));
  }

  private Run operatorTransition(long runId, Function<Run, RunLifecycle.Transition> decide) {
    Run result =
        store.inTransaction(
            tx -> {
              Run current = tx.runReads().getForUpdate(runId).orElseThrow(() -> notFound(runId));
              Instant now = engine.clock().now();
              return transitions.apply(tx, current, decide.apply(current), now);
            });
    engine.wake();
    return result;
  }

  /** Stops a run: a running attempt is killed (the run ends when that is confirmed). */
  public Run kill(long runId, String who) {
    Reason reason = Reason.of(ReasonKind.KILLED, Reason.BY, who);
    store.useTransaction(
        tx -> {
          Run current = tx.runReads().getForUpdate(runId).orElseThrow(() -> notFound(runId));
          Instant now = engine.clock().now();
          RunLifecycle.Transition t = RunLifecycle.kill(current.snapshot(), reason);
          transitions.apply(tx, current, t, now);
        });
    // The kill of a running attempt is recorded on it: the leader, which owns the launcher, sends
    // it (this instance may be a follower).
    engine.wake();
    return get(runId).orElseThrow().run();
  }

  /** The run's pipeline at its logical time, with each node's deadline, ETA and risk. */
  public PipelineView pipeline(long runId) {
    return new Pipelines(store, engine.catalog()::graph, engine.clock()).of(runId);
  }

  /** The deadline alerts of a job's run at one logical time, oldest first. */
  public List<DeadlineAlert> alertsAt(String job, Instant logicalTime) {
    return store.read(tx -> tx.deadlineAlerts().of(job, logicalTime));
  }

  /** The job's latest deadline alerts, newest logical time first. */
  public List<DeadlineAlert> alertsOf(String job, int limit) {
    return store.read(tx -> tx.deadlineAlerts().latestOf(job, limit));
  }

  /**
   * The runs {@link #rerunFailed} would reset in the run's pipeline: its failed, upstream-failed
   * and killed runs and their ended downstream runs, without changing anything.
   */
  public List<Run> rerunFailedPreview(long runId) {
    return new FailedReruns(this, engine.catalog()).preview(pipeline(runId));
  }

  /** Re-runs every failed root of the run's pipeline with its downstream; the runs it reset. */
  public List<Run> rerunFailed(long runId, String who) {
    return new FailedReruns(this, engine.catalog()).rerun(pipeline(runId), who);
  }

  /** What needs a person (see {@link Attention}), of the owners {@code ownerVisible} accepts. */
  public AttentionReport attention(Predicate<String> ownerVisible) {
    return new Attention(store, engine.catalog()::graph, engine.clock()).report(ownerVisible);
  }

  /** Why the run is where it is: every cause that holds it back or ended it. */
  public Why.Explanation why(long runId) {
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
                      run.attempts()),
                  spec,
                  upstreams,
                  creators(tx, upstreams, run.logicalTime()),
                  stale,
                  others,
                  run.state() == RunState.QUEUED ? shortfall(tx, run) : Optional.empty());
          return starved(tx, run, e);
        });
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

  public Optional<RunDetail> get(long runId) {
    return store.read(
        tx ->
            tx.runReads()
                .get(runId)
                .map(
                    run ->
                        new RunDetail(
                            run, tx.attempts().ofRun(runId), tx.runReads().events(runId))));
  }

  /** A page of runs, filtered and sorted (the API's run list). */
  public List<Run> page(RunQuery query) {
    return store.read(tx -> tx.runReads().page(query));
  }

  public Optional<InputStream> log(long runId, int attempt, LogStream stream) {
    Optional<Attempt> found = store.read(tx -> tx.attempts().get(runId, attempt));
    return found.flatMap(a -> engine.launcher().openLog(a.taskId(), stream));
  }

  private static NotFoundException notFound(long runId) {
    return new NotFoundException("run " + runId + " does not exist");
  }
}
