package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
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
import io.hydra.store.run.RunWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moves dependent runs along when an upstream run ends (docs/scheduling.md, Dependencies): creates
 * the dependent run for the same logical time so the grid shows it, and decides whether it waits,
 * starts, or fails because of its upstreams. Runs inside the transaction that ended the upstream
 * run, so the two commit together.
 */
final class Downstream {

  private final JobCatalog catalog;
  private final RunTransitions transitions;

  Downstream(JobCatalog catalog, RunTransitions transitions) {
    this.catalog = catalog;
    this.transitions = transitions;
  }

  /** Re-evaluates everything downstream of {@code ended}, transitively when dependents end too. */
  void evaluate(Tx tx, Run ended, Instant now) {
    Deque<Run> pending = new ArrayDeque<>(List.of(ended));
    while (!pending.isEmpty()) {
      Run upstream = pending.pop();
      evaluateAll(
              tx,
              catalog.graph().downstreamOf(upstream.job()),
              upstream.logicalTime(),
              upstream.params(),
              now)
          .forEach(pending::add);
      if (upstream.state() == RunState.SUCCEEDED) {
        freshnessDependents(tx, upstream, now).forEach(pending::add);
      }
    }
  }

  /**
   * A success of X satisfies runs waiting on {@code {job: X, within: W}} whose logical time T has
   * X's logical time in [T - W, T], that is T in [X's time, X's time + W].
   */
  private List<Run> freshnessDependents(Tx tx, Run success, Instant now) {
    List<Run> ended = new ArrayList<>();
    for (String dependent : catalog.graph().dependentsOf(success.job())) {
      Optional<JobSpec> spec = catalog.spec(dependent);
      Optional<Duration> within = spec.flatMap(s -> Freshness.within(s, success.job()));
      if (within.isEmpty()) {
        continue;
      }
      Instant from = success.logicalTime();
      for (Run waiting :
          tx.dependencyRuns().waitingBetween(dependent, from, from.plus(within.get()))) {
        evaluateOne(tx, dependent, waiting.logicalTime(), waiting.params(), now)
            .ifPresent(ended::add);
      }
    }
    return ended;
  }

  /** Returns the dependent run if it ended (so its own dependents are evaluated next). */
  Optional<Run> evaluateOne(
      Tx tx, String job, Instant logicalTime, Map<String, String> params, Instant now) {
    return evaluateAll(tx, List.of(job), logicalTime, params, now).stream().findFirst();
  }

  /**
   * Creates and re-evaluates the runs of several dependent jobs for one logical time, as a set: one
   * locking read, one read of their upstreams' states, one insert and one batch of updates, however
   * many dependents there are (a root with thousands of them would otherwise cost thousands of
   * round trips inside the root's transaction). Jobs are decided in name order, each seeing the
   * verdicts decided before it, as when they were evaluated one by one. A run that does not exist
   * yet is inserted already decided, its timeline reading "created when an upstream run ended" and
   * then the verdict, as if inserted waiting and then updated. Returns the runs that ended, so
   * their own dependents are evaluated next.
   */
  private List<Run> evaluateAll(
      Tx tx, List<String> jobs, Instant logicalTime, Map<String, String> params, Instant now) {
    List<JobSpec> specs =
        jobs.stream().sorted().map(catalog::spec).flatMap(Optional::stream).toList();
    if (specs.isEmpty()) {
      return List.of();
    }
    Map<String, Run> existing =
        tx.dependencyRuns().atForUpdate(specs.stream().map(JobSpec::name).toList(), logicalTime);
    Set<String> upstreams = new HashSet<>();
    specs.forEach(spec -> upstreams.addAll(spec.sameTimeUpstreams()));
    Map<String, RunState> states =
        new HashMap<>(tx.dependencyRuns().statesAt(upstreams, logicalTime));
    List<RunWrites.Change> changes = new ArrayList<>();
    List<NewRun> fresh = new ArrayList<>();
    List<Run> ended = new ArrayList<>();
    for (JobSpec spec : specs) {
      Run run = existing.get(spec.name());
      if (run != null && !Readiness.decidedByUpstreams(run.state(), run.reasonKind())) {
        continue;
      }
      Readiness.Verdict verdict = verdict(tx, spec, logicalTime, states);
      if (run == null) {
        fresh.add(newRun(spec, logicalTime, params, verdict));
      } else if (verdict.state() != run.state() || !verdict.why().equals(run.why())) {
        Run after = run.apply(RunLifecycle.upstreamVerdict(run.snapshot(), verdict), now);
        changes.add(new RunWrites.Change(run, after, null));
        if (after.state().isTerminal()) {
          ended.add(after);
        }
      }
      if (upstreams.contains(spec.name())) {
        states.put(spec.name(), verdict.state()); // a later dependent of this one sees it
      }
    }
    transitions.recordVerdicts(tx, changes);
    List<Run> created = transitions.createDecided(tx, fresh, now, CREATED);
    created.stream().filter(r -> r.state().isTerminal()).forEach(ended::add);
    if (created.size() < fresh.size()) {
      // Created meanwhile by another transaction (a trigger): decide those as existing runs.
      Set<String> mine = new HashSet<>();
      created.forEach(r -> mine.add(r.job()));
      List<String> raced = fresh.stream().map(NewRun::job).filter(j -> !mine.contains(j)).toList();
      for (String job : raced) {
        evaluateExisting(tx, job, logicalTime, now).ifPresent(ended::add);
      }
    }
    return ended;
  }

  /** The one-by-one path, for a dependent run another transaction created concurrently. */
  private Optional<Run> evaluateExisting(Tx tx, String job, Instant logicalTime, Instant now) {
    Optional<JobSpec> spec = catalog.spec(job);
    Optional<Run> found = tx.runReads().findForUpdate(job, logicalTime);
    if (spec.isEmpty() || found.isEmpty()) {
      return Optional.empty();
    }
    Run run = found.get();
    if (!Readiness.decidedByUpstreams(run.state(), run.reasonKind())) {
      return Optional.empty();
    }
    Readiness.Verdict verdict = verdict(tx, spec.get(), logicalTime);
    if (verdict.state() == run.state() && verdict.why().equals(run.why())) {
      return Optional.empty();
    }
    Run after = run.apply(RunLifecycle.upstreamVerdict(run.snapshot(), verdict), now);
    transitions.recordVerdicts(tx, List.of(new RunWrites.Change(run, after, null)));
    return after.state().isTerminal() ? Optional.of(after) : Optional.empty();
  }

  /**
   * The run's verdict from its upstreams: a same-time upstream by the state of its run for T, a
   * freshness upstream as succeeded when it has a success in [T - within, T], else not ended.
   */
  Readiness.Verdict verdict(Tx tx, JobSpec spec, Instant logicalTime) {
    return verdict(
        tx, spec, logicalTime, tx.dependencyRuns().statesAt(spec.sameTimeUpstreams(), logicalTime));
  }

  /** As {@link #verdict(Tx, JobSpec, Instant)}, with the same-time upstreams' states given. */
  private Readiness.Verdict verdict(
      Tx tx, JobSpec spec, Instant logicalTime, Map<String, RunState> states) {
    Map<String, Optional<RunState>> byUpstream = new LinkedHashMap<>();
    for (UpstreamRef ref : spec.after()) {
      if (ref.within() == null) {
        byUpstream.put(ref.job(), Optional.ofNullable(states.get(ref.job())));
      } else {
        boolean fresh =
            tx.dependencyRuns()
                .succeededBetween(ref.job(), logicalTime.minus(ref.within()), logicalTime);
        byUpstream.put(ref.job(), fresh ? Optional.of(RunState.SUCCEEDED) : Optional.empty());
      }
    }
    return Readiness.evaluate(spec.trigger(), byUpstream);
  }

  private static final Reason CREATED = Reason.of(ReasonKind.UPSTREAM_ENDED);

  /**
   * A new dependent run, already in its verdict's state; it inherits the parameters of the upstream
   * run that created it.
   */
  private NewRun newRun(
      JobSpec spec, Instant logicalTime, Map<String, String> params, Readiness.Verdict verdict) {
    int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
    return new NewRun(
            spec.name(),
            logicalTime,
            version,
            verdict.state(),
            verdict.why(),
            RunCause.UPSTREAM,
            params)
        .withUpstreamDeadline(Freshness.deadline(spec, logicalTime).orElse(null));
  }
}
