package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Freshness;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine's timers, all kept as rows: retry backoff, attempt timeout, and the deadline of a run
 * waiting on a freshness upstream.
 */
final class Timers {

  private final Store store;
  private final Clock clock;
  private final int batchSize;
  private final JobCatalog catalog;
  private final Downstream downstream;
  private final RequestedKills kills;

  Timers(
      Store store,
      RequestedKills kills,
      Clock clock,
      int batchSize,
      JobCatalog catalog,
      Downstream downstream) {
    this.store = store;
    this.kills = kills;
    this.catalog = catalog;
    this.downstream = downstream;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /** Moves retrying runs whose backoff has passed back to the queue. */
  int promoteDueRetries() {
    return store.inTransaction(
        tx -> {
          Instant now = clock.now();
          List<Run> due = tx.runs().dueRetries(now, batchSize);
          for (Run run : due) {
            tx.runs().update(run, run.apply(RunLifecycle.retryDue(run.snapshot()), now), null);
          }
          return due.size();
        });
  }

  /** Asks the launcher to stop attempts past their deadline; the kill is recorded first. */
  int enforceTimeouts() {
    List<String> toKill =
        store.inTransaction(
            tx -> {
              Instant now = clock.now();
              List<String> ids = new ArrayList<>();
              for (Attempt attempt : tx.attempts().overdue(now)) {
                tx.attempts().requestKill(attempt, Reasons.TIMEOUT, now);
                ids.add(attempt.taskId());
              }
              return ids;
            });
    kills.send(toKill);
    return toKill.size();
  }

  /**
   * Runs waiting on a freshness upstream past T + within: one last look (a success may have
   * arrived), then {@code failed} with reason {@code upstream_timeout}.
   */
  int failStaleWaits() {
    return store.inTransaction(
        tx -> {
          Instant now = clock.now();
          List<Run> stale = tx.runs().pastUpstreamDeadline(now, batchSize);
          for (Run run : stale) {
            Optional<JobSpec> spec = catalog.spec(run.job());
            Readiness.Verdict verdict =
                spec.isPresent()
                    ? downstream.verdict(tx, spec.get(), run.logicalTime())
                    : new Readiness.Verdict(RunState.FAILED, "upstream_timeout: job was deleted");
            if (verdict.state() == RunState.WAITING) {
              verdict =
                  new Readiness.Verdict(
                      RunState.FAILED,
                      Freshness.timeoutReason(spec.orElseThrow(), run.logicalTime()));
            }
            Run after = run.apply(RunLifecycle.upstreamVerdict(run.snapshot(), verdict), now);
            tx.runs().update(run, after, null);
            if (after.state().isTerminal()) {
              downstream.evaluate(tx, after, now);
            }
          }
          return stale.size();
        });
  }

  /** The earliest timer of any kind, read with one query (the loop asks before every wait). */
  Optional<Instant> nextWake() {
    return store.read(tx -> tx.runs().nextTimer());
  }
}
