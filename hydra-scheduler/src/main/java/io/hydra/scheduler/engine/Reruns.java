package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.store.Tx;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A re-run inside a transaction the caller owns: an operator's re-run commits it alone, a pipeline
 * retry together with the retry's own row, so the two cannot part in a crash.
 */
final class Reruns {

  private final JobCatalog catalog;
  private final RunTransitions transitions;

  Reruns(JobCatalog catalog, RunTransitions transitions) {
    this.catalog = catalog;
    this.transitions = transitions;
  }

  /**
   * Applies {@code t} (a re-run) to {@code current}, locked by the caller, as {@code changed} (the
   * row with any new parameters); with {@code withDownstream}, resets its ended downstream runs.
   */
  RunService.Rerun rerun(
      Tx tx,
      Run current,
      Run changed,
      RunLifecycle.Transition t,
      boolean withDownstream,
      Instant now) {
    Run queued = changed.apply(t, now);
    transitions.applyAll(tx, List.of(new RunTransitions.Step(current, queued, t, null)), now);
    List<Run> reset = withDownstream ? resetDownstream(tx, current, t.why(), now) : List.of();
    return new RunService.Rerun(queued, reset);
  }

  /**
   * Sets each ended downstream run to wait for the re-run, in dependency order, unless its other
   * upstreams decide it already (a failed one under {@code all_success}): that run keeps, or takes,
   * the verdict they give, as it would had it been evaluated when they ended. A pipeline retry's
   * number is carried into their reason, so each node shows which retry reset it.
   */
  private List<Run> resetDownstream(Tx tx, Run upstream, Reason cause, Instant now) {
    List<Run> reset = new ArrayList<>();
    for (Run run : endedDownstream(tx, upstream)) {
      Optional<JobSpec> spec = catalog.spec(run.job());
      Readiness.Verdict verdict =
          spec.map(s -> transitions.downstream().verdict(tx, s, run.logicalTime())).orElse(null);
      if (verdict != null
          && verdict.state() == run.state()
          && Readiness.decidedByUpstreams(run.state(), run.reasonKind())) {
        continue; // decided by its other upstreams as it stands
      }
      Reason why = Reason.of(ReasonKind.UPSTREAM_RERUN, Reason.UPSTREAM, upstream.job());
      if (cause.kind() == ReasonKind.PIPELINE_RETRY) {
        why = why.with(Reason.PIPELINE_RETRY, cause.detail(Reason.PIPELINE_RETRY));
      }
      RunLifecycle.Transition t = RunLifecycle.awaitUpstreamRerun(run.snapshot(), why);
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

  /** Ended runs of the same logical time downstream of {@code upstream}, in dependency order. */
  List<Run> endedDownstream(Tx tx, Run upstream) {
    List<String> jobs = catalog.graph().allDownstreamOf(upstream.job());
    List<Run> ended = new ArrayList<>();
    for (Run run : tx.dependencyRuns().at(jobs, upstream.logicalTime())) {
      if (run.state().isTerminal()) {
        ended.add(run);
      }
    }
    ended.sort(Comparator.comparingInt(r -> jobs.indexOf(r.job())));
    return ended;
  }
}
