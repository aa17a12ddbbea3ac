package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import io.hydra.core.run.Freshness;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.store.Tx;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves dependent runs along when an upstream run ends (DESIGN section 5): creates the dependent
 * run for the same logical time so the grid shows it, and decides whether it waits, starts, or
 * fails because of its upstreams. Runs inside the transaction that ended the upstream run, so the
 * two commit together.
 */
final class Downstream {

  private final JobCatalog catalog;

  Downstream(JobCatalog catalog) {
    this.catalog = catalog;
  }

  /** Re-evaluates everything downstream of {@code ended}, transitively when dependents end too. */
  void evaluate(Tx tx, Run ended, Instant now) {
    Deque<Run> pending = new ArrayDeque<>(List.of(ended));
    while (!pending.isEmpty()) {
      Run upstream = pending.pop();
      for (String dependent : catalog.graph().downstreamOf(upstream.job())) {
        evaluateOne(tx, dependent, upstream.logicalTime(), upstream.params(), now)
            .ifPresent(pending::add);
      }
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
    List<Run> ended = new java.util.ArrayList<>();
    for (String dependent : catalog.graph().dependentsOf(success.job())) {
      Optional<JobSpec> spec = catalog.spec(dependent);
      Optional<Duration> within = spec.flatMap(s -> Freshness.within(s, success.job()));
      if (within.isEmpty()) {
        continue;
      }
      Instant from = success.logicalTime();
      for (Run waiting : tx.runs().waitingBetween(dependent, from, from.plus(within.get()))) {
        evaluateOne(tx, dependent, waiting.logicalTime(), waiting.params(), now)
            .ifPresent(ended::add);
      }
    }
    return ended;
  }

  /** Returns the dependent run if it ended (so its own dependents are evaluated next). */
  Optional<Run> evaluateOne(Tx tx, String job, Instant logicalTime, Map<String, String> params,
      Instant now) {
    Optional<JobSpec> spec = catalog.spec(job);
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    Run run = existingOrNew(tx, spec.get(), logicalTime, params, now);
    if (!Readiness.decidedByUpstreams(run.state(), run.reason())) {
      return Optional.empty();
    }
    Readiness.Verdict verdict = verdict(tx, spec.get(), logicalTime);
    if (verdict.state() == run.state() && verdict.reason().equals(run.reason())) {
      return Optional.empty();
    }
    Run after = run.apply(RunLifecycle.upstreamVerdict(run.snapshot(), verdict), now);
    tx.runs().update(run, after, null);
    return after.state().isTerminal() ? Optional.of(after) : Optional.empty();
  }

  /**
   * The run's verdict from its upstreams: a same-time upstream by the state of its run for T, a
   * freshness upstream as succeeded when it has a success in [T - within, T], else not ended.
   */
  Readiness.Verdict verdict(Tx tx, JobSpec spec, Instant logicalTime) {
    Map<String, RunState> states = tx.runs().statesAt(spec.sameTimeUpstreams(), logicalTime);
    Map<String, Optional<RunState>> byUpstream = new LinkedHashMap<>();
    for (UpstreamRef ref : spec.after()) {
      if (ref.within() == null) {
        byUpstream.put(ref.job(), Optional.ofNullable(states.get(ref.job())));
      } else {
        boolean fresh = tx.runs().succeededBetween(ref.job(), logicalTime.minus(ref.within()),
            logicalTime);
        byUpstream.put(ref.job(), fresh ? Optional.of(RunState.SUCCEEDED) : Optional.empty());
      }
    }
    return Readiness.evaluate(spec.trigger(), byUpstream);
  }

  /** A new dependent run inherits the parameters of the upstream run that created it. */
  private Run existingOrNew(Tx tx, JobSpec spec, Instant logicalTime, Map<String, String> params,
      Instant now) {
    int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
    NewRun waiting =
        new NewRun(spec.name(), logicalTime, version, RunState.WAITING,
            "created when an upstream run ended", RunCause.UPSTREAM, params)
            .withUpstreamDeadline(Freshness.deadline(spec, logicalTime).orElse(null));
    tx.runs().insertIfAbsent(waiting, now);
    return tx.runs().findForUpdate(spec.name(), logicalTime).orElseThrow();
  }
}
