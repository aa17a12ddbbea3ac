package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Freshness;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The engine's timers, all kept as rows: retry backoff, attempt timeout, the deadline of a run
 * waiting on a freshness upstream, and a pipeline retry's backoff.
 */
final class Timers {

  private final Store store;
  private final Clock clock;
  private final int batchSize;
  private final JobCatalog catalog;
  private final RunTransitions transitions;
  private final Downstream downstream;
  private final RequestedKills kills;

  Timers(
      Store store,
      RequestedKills kills,
      Clock clock,
      int batchSize,
      JobCatalog catalog,
      RunTransitions transitions) {
    this.store = store;
    this.kills = kills;
    this.catalog = catalog;
    this.transitions = transitions;
    this.downstream = transitions.downstream();
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /** Moves retrying runs whose backoff has passed back to the queue. */
  int promoteDueRetries() {
    return store.inTransaction(
        tx -> {
          Instant now = clock.now();
          List<Run> due = tx.runQueue().dueRetries(now, batchSize);
          transitions.applyAll(
              tx,
              due.stream()
                  .map(
                      run ->
                          RunTransitions.Step.of(run, RunLifecycle.retryDue(run.snapshot()), now))
                  .toList(),
              now); // a retry only queues its run; the dispatcher starts it
          return due.size();
        });
  }

  /** Carries out pipeline retries whose backoff has passed: their failed nodes run again. */
  int startDuePipelineRetries() {
    return store.inTransaction(
        tx -> transitions.pipelineRetries().startDue(tx, clock.now(), batchSize));
  }

  /** Asks the launcher to stop attempts past their deadline; the kill is recorded first. */
  int enforceTimeouts() {
    AfterCommit out =
        store.inTransaction(
            tx -> {
              Instant now = clock.now();
              AfterCommit decided = new AfterCommit();
              for (Attempt attempt : tx.attempts().overdue(now)) {
                // The attempt ends as timed out when the launcher confirms the kill.
                transitions.requestKill(
                    tx,
                    attempt,
                    Reason.of(ReasonKind.ATTEMPT_TIMED_OUT, Reason.DEADLINE, attempt.deadlineAt()),
                    now,
                    decided);
              }
              return decided;
            });
    kills.send(out.kills());
    return out.kills().size();
  }

  /**
   * Runs waiting on a freshness upstream past T + within: one last look (a success may have
   * arrived), then {@code failed} with reason {@code upstream_timeout}.
   */
  int failStaleWaits() {
    return store.inTransaction(
        tx -> {
          Instant now = clock.now();
          List<Run> stale = tx.runQueue().pastUpstreamDeadline(now, batchSize);
          for (Run run : stale) {
            Optional<JobSpec> spec = catalog.spec(run.job());
            Readiness.Verdict verdict =
                spec.isPresent()
                    ? downstream.verdict(tx, spec.get(), run.logicalTime())
                    : new Readiness.Verdict(
                        RunState.FAILED, Reason.of(ReasonKind.UPSTREAM_TIMEOUT)); // job deleted
            if (verdict.state() == RunState.WAITING) {
              verdict =
                  new Readiness.Verdict(
                      RunState.FAILED,
                      Freshness.timeoutReason(spec.orElseThrow(), run.logicalTime()));
            }
            transitions.apply(
                tx,
                run,
                RunLifecycle.upstreamVerdict(run.snapshot(), verdict),
                now); // a verdict launches and kills nothing
          }
          return stale.size();
        });
  }

  /** The earliest timer of any kind, read with one query (the loop asks before every wait). */
  Optional<Instant> nextWake() {
    return store.read(tx -> tx.runQueue().nextTimer());
  }
}
