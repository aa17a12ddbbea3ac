package io.hydra.scheduler.engine;

import io.hydra.core.job.ConcurrencyPolicy;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Freshness;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.store.Tx;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Creates a run for a fire or a trigger, in the state its job's rules give it: waiting for its
 * upstreams, skipped because another run is active ({@code concurrency: forbid}), or queued. Under
 * {@code replace} it also ends the job's other runs; the tasks to kill are added to the caller's
 * {@link AfterCommit}. Every run is written through {@link RunTransitions}.
 */
final class RunCreation {

  private final JobCatalog catalog;
  private final RunTransitions transitions;
  private final Downstream downstream;

  RunCreation(JobCatalog catalog, RunTransitions transitions) {
    this.catalog = catalog;
    this.transitions = transitions;
    this.downstream = transitions.downstream();
  }

  /** The run, and whether this call created it. */
  record Created(Run run, boolean isNew) {}

  Created create(
      Tx tx,
      JobSpec spec,
      Instant logicalTime,
      RunCause cause,
      Map<String, String> params,
      Instant now,
      AfterCommit out) {
    return create(tx, spec, logicalTime, cause, params, Origin.NONE, now, out);
  }

  /**
   * Where a run comes from beyond its cause: the backfill that creates it, and the priority that
   * overrides its job's (a trigger's or a backfill's); null for none.
   */
  record Origin(Long backfillId, Integer priority) {
    static final Origin NONE = new Origin(null, null);
  }

  Created create(
      Tx tx,
      JobSpec spec,
      Instant logicalTime,
      RunCause cause,
      Map<String, String> params,
      Origin origin,
      Instant now,
      AfterCommit out) {
    Optional<Run> existing = tx.runReads().find(spec.name(), logicalTime);
    if (existing.isPresent()) {
      return new Created(existing.get(), false);
    }
    Readiness.Verdict verdict = initialState(tx, spec, logicalTime, cause);
    int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
    NewRun fresh =
        new NewRun(spec.name(), logicalTime, version, verdict.state(), verdict.why(), cause, params)
            .withUpstreamDeadline(Freshness.deadline(spec, logicalTime).orElse(null));
    if (origin.backfillId() != null) {
      fresh = fresh.withBackfill(origin.backfillId());
    }
    fresh =
        fresh.withPriority(origin.priority()).withJobTerms(spec.owner(), spec.priorityOrDefault());
    Optional<Run> run = transitions.create(tx, fresh, now);
    if (run.isEmpty()) {
      return new Created(tx.runReads().find(spec.name(), logicalTime).orElseThrow(), false);
    }
    if (spec.concurrency() == ConcurrencyPolicy.REPLACE && !run.get().state().isTerminal()) {
      replaceOthers(tx, run.get(), now, out);
    }
    return new Created(run.get(), true);
  }

  /**
   * A backfill's run for a time its schedules' calendars exclude: created skipped, with the reason
   * that names the calendar, unless the time has a run already.
   */
  Created createSkipped(
      Tx tx,
      JobSpec spec,
      Instant logicalTime,
      Reason why,
      Map<String, String> params,
      Long backfillId,
      Instant now) {
    int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
    NewRun fresh =
        new NewRun(
                spec.name(), logicalTime, version, RunState.SKIPPED, why, RunCause.BACKFILL, params)
            .withBackfill(backfillId);
    List<Run> created = transitions.create(tx, List.of(fresh), now);
    return created.isEmpty()
        ? new Created(tx.runReads().find(spec.name(), logicalTime).orElseThrow(), false)
        : new Created(created.get(0), true);
  }

  /** One fire to create a run for. */
  record Fire(JobSpec spec, Instant logicalTime) {}

  /**
   * What {@link #createAll} did: the runs it created queued, and those it created already started
   * (their first attempts still to be written).
   */
  record Batch(List<Run> queued, List<Started> started) {}

  /** A run created running, with the definition its first attempt is launched from. */
  record Started(Run run, JobSpec spec) {}

  /** The reason a run started by its own creation gets: as a dispatch of a new run gives it. */
  private static final Reason FIRST_START =
      RunLifecycle.dispatch(new RunLifecycle.Snapshot(RunState.QUEUED, 0, 0)).why();

  /**
   * Creates the runs of many fires, as {@link #create} would one by one. A job that fires once in
   * the batch, has no upstreams and does not replace (the usual scheduled job) is decided from one
   * query for all such jobs' active runs and inserted with one statement for all; the others go one
   * by one. Those of the simple runs that {@code startsAtOnce} accepts are created already running
   * (one write instead of an insert, then an update when started).
   */
  Batch createAll(
      Tx tx,
      List<Fire> fires,
      RunCause cause,
      Predicate<JobSpec> startsAtOnce,
      Instant now,
      AfterCommit out) {
    Map<String, Integer> perJob = new HashMap<>();
    fires.forEach(f -> perJob.merge(f.spec().name(), 1, Integer::sum));
    List<Fire> simple = new ArrayList<>();
    List<Run> queued = new ArrayList<>();
    for (Fire f : fires) {
      JobSpec spec = f.spec();
      boolean isSimple =
          perJob.get(spec.name()) == 1
              && spec.after().isEmpty()
              && spec.concurrency() != ConcurrencyPolicy.REPLACE
              && cause != RunCause.BACKFILL;
      if (isSimple) {
        simple.add(f);
      } else {
        Created created = create(tx, spec, f.logicalTime(), cause, Map.of(), now, out);
        if (created.isNew() && created.run().state() == RunState.QUEUED) {
          queued.add(created.run());
        }
      }
    }
    if (simple.isEmpty()) {
      return new Batch(queued, List.of());
    }
    Set<String> active =
        tx.runQueue()
            .withActive(
                simple.stream()
                    .filter(f -> f.spec().concurrency() == ConcurrencyPolicy.FORBID)
                    .map(f -> f.spec().name())
                    .toList());
    List<NewRun> fresh = new ArrayList<>();
    List<NewRun> startNow = new ArrayList<>();
    Map<String, JobSpec> specs = new HashMap<>();
    for (Fire f : simple) {
      JobSpec spec = f.spec();
      specs.put(spec.name(), spec);
      Readiness.Verdict verdict =
          spec.concurrency() == ConcurrencyPolicy.FORBID && active.contains(spec.name())
              ? FORBIDDEN
              : created(cause);
      int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
      NewRun run =
          new NewRun(
                  spec.name(),
                  f.logicalTime(),
                  version,
                  verdict.state(),
                  verdict.why(),
                  cause,
                  Map.of())
              .withUpstreamDeadline(Freshness.deadline(spec, f.logicalTime()).orElse(null))
              .withJobTerms(spec.owner(), spec.priorityOrDefault());
      boolean starts = verdict.state() == RunState.QUEUED && startsAtOnce.test(spec);
      (starts ? startNow : fresh).add(run);
    }
    for (Run run : transitions.create(tx, fresh, now)) {
      if (run.state() == RunState.QUEUED) {
        queued.add(run);
      }
    }
    List<Started> started = new ArrayList<>();
    for (Run run : transitions.createStarted(tx, startNow, now, FIRST_START)) {
      started.add(new Started(run, specs.get(run.job())));
    }
    return new Batch(queued, started);
  }

  private static final Readiness.Verdict FORBIDDEN =
      new Readiness.Verdict(RunState.SKIPPED, Reason.of(ReasonKind.CONCURRENCY));

  private Readiness.Verdict initialState(Tx tx, JobSpec spec, Instant t, RunCause cause) {
    // A trigger runs a job at once, past its same-time upstreams (an operator's call); a
    // trigger-only job's freshness entries still gate it, as they are all it depends on.
    boolean gated =
        cause != RunCause.MANUAL || (spec.sameTimeUpstreams().isEmpty() && spec.schedule() == null);
    if (gated && !spec.after().isEmpty()) {
      Readiness.Verdict verdict = downstream.verdict(tx, spec, t);
      if (verdict.state() != RunState.QUEUED) {
        return verdict;
      }
    }
    if (spec.concurrency() == ConcurrencyPolicy.FORBID
        && cause != RunCause.BACKFILL
        && tx.runQueue().hasActive(spec.name())) {
      return FORBIDDEN;
    }
    return created(cause);
  }

  /** A run ready when created, for what created it. */
  private static Readiness.Verdict created(RunCause cause) {
    return new Readiness.Verdict(RunState.QUEUED, reasonFor(cause));
  }

  /**
   * {@code concurrency: replace}: every other unfinished run of the job ends as killed. A running
   * one is asked to stop; the new run is held by the dispatcher until it has.
   */
  private void replaceOthers(Tx tx, Run newer, Instant now, AfterCommit out) {
    Reason reason = Reason.of(ReasonKind.REPLACED, Reason.RUN, newer.id());
    for (Run older : tx.runQueue().activeOf(newer.job(), newer.id())) {
      transitions.apply(tx, older, RunLifecycle.kill(older.snapshot(), reason), now, out);
    }
  }

  private static Reason reasonFor(RunCause cause) {
    return switch (cause) {
      case SCHEDULE -> Reason.of(ReasonKind.SCHEDULED);
      case MANUAL -> Reason.of(ReasonKind.TRIGGERED);
      case UPSTREAM -> Reason.of(ReasonKind.UPSTREAMS_MET, Reason.TRIGGER, "all_success");
      case BACKFILL -> Reason.of(ReasonKind.BACKFILL);
    };
  }
}
