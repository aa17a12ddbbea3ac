package io.hydra.scheduler.engine;

import io.hydra.core.job.ConcurrencyPolicy;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.Tx;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Creates a run for a fire or a trigger, in the state its job's rules give it: waiting for its
 * upstreams, skipped because another run is active ({@code concurrency: forbid}), or queued.
 */
final class RunCreation {

  private final JobCatalog catalog;
  private final Downstream downstream;

  RunCreation(JobCatalog catalog, Downstream downstream) {
    this.catalog = catalog;
    this.downstream = downstream;
  }

  /** The run, and whether this call created it (false: it existed already). */
  record Created(Run run, boolean isNew) {}

  Created create(Tx tx, JobSpec spec, Instant logicalTime, RunCause cause,
      Map<String, String> params, Instant now) {
    Optional<Run> existing = tx.runs().find(spec.name(), logicalTime);
    if (existing.isPresent()) {
      return new Created(existing.get(), false);
    }
    Readiness.Verdict verdict = initialState(tx, spec, logicalTime, cause);
    int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
    Optional<Run> run = tx.runs().insertIfAbsent(new NewRun(spec.name(), logicalTime, version,
        verdict.state(), verdict.reason(), cause, params), now);
    if (run.isEmpty()) {
      return new Created(tx.runs().find(spec.name(), logicalTime).orElseThrow(), false);
    }
    if (run.get().state().isTerminal()) {
      downstream.evaluate(tx, run.get(), now);
    }
    return new Created(run.get(), true);
  }

  private Readiness.Verdict initialState(Tx tx, JobSpec spec, Instant t, RunCause cause) {
    if (cause != RunCause.MANUAL && !spec.sameTimeUpstreams().isEmpty()) {
      Readiness.Verdict verdict = downstream.verdict(tx, spec, t);
      if (verdict.state() != RunState.QUEUED) {
        return verdict;
      }
    }
    if (spec.concurrency() == ConcurrencyPolicy.FORBID && tx.runs().hasActive(spec.name())) {
      return new Readiness.Verdict(RunState.SKIPPED,
          "concurrency: another run of this job is active (concurrency: forbid)");
    }
    return new Readiness.Verdict(RunState.QUEUED, reasonFor(cause));
  }

  private static String reasonFor(RunCause cause) {
    return switch (cause) {
      case SCHEDULE -> "scheduled fire";
      case MANUAL -> "triggered";
      case UPSTREAM -> "all upstream runs succeeded";
      case BACKFILL -> "backfill";
    };
  }
}
