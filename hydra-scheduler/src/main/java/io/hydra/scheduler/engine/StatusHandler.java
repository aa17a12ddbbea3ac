package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.RetryPolicy;
import io.hydra.core.run.AttemptOutcome;
import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what launchers report to attempts and runs. One status, one transaction: the attempt's
 * end, the run's transition, and the dependents it releases commit together. A repeated or late
 * status for an attempt that already ended changes nothing.
 */
final class StatusHandler {

  private static final Logger log = LoggerFactory.getLogger(StatusHandler.class);

  private final Store store;
  private final JobCatalog catalog;
  private final RunTransitions transitions;
  private final Clock clock;
  private final io.hydra.scheduler.launch.Launcher launcher;

  StatusHandler(
      Store store,
      JobCatalog catalog,
      RunTransitions transitions,
      Clock clock,
      io.hydra.scheduler.launch.Launcher launcher) {
    this.store = store;
    this.catalog = catalog;
    this.transitions = transitions;
    this.clock = clock;
    this.launcher = launcher;
  }

  /** Commits the status, then acknowledges it: a crash in between redelivers, never loses. */
  void handle(TaskStatus status) {
    handleAll(List.of(status));
  }

  /**
   * Commits several statuses, in order, in one transaction, then acknowledges them. The batch reads
   * its attempts and runs with one locking query each and writes them back as JDBC batches; only
   * then are dependents evaluated, so they see every run the batch ended. The outcome is the one of
   * applying each status in its own transaction, at the cost of one commit instead of one per
   * status. If the transaction fails, nothing is applied.
   */
  void handleAll(List<TaskStatus> batch) {
    store.useTransaction(tx -> applyAll(tx, batch));
    batch.forEach(launcher::acknowledge);
  }

  private void applyAll(Tx tx, List<TaskStatus> batch) {
    Map<String, Attempt> attempts =
        tx.attempts()
            .byTaskIdsForUpdate(batch.stream().map(TaskStatus::taskId).distinct().toList());
    Map<Long, Run> runs =
        tx.runReads()
            .getAllForUpdate(attempts.values().stream().map(Attempt::runId).distinct().toList());
    Map<String, Attempt> changedAttempts = new LinkedHashMap<>();
    List<RunTransitions.Step> changedRuns = new ArrayList<>();
    for (TaskStatus status : batch) {
      Attempt attempt = attempts.get(status.taskId());
      if (attempt == null) {
        log.warn("Status {} for unknown task {}", status.state(), status.taskId());
        continue;
      }
      if (attempt.state().isTerminal()) {
        continue; // a duplicate or late report: the attempt's end is already recorded
      }
      Instant now = clock.now();
      // Where the task runs, if the launcher learnt it only now (the Mesos agent).
      Attempt located = attempt.locatedAt(status.location());
      if (status.state() == io.hydra.scheduler.launch.TaskState.RUNNING) {
        if (attempt.state() != AttemptState.RUNNING || located != attempt) {
          attempts.put(attempt.taskId(), located.running(now));
          changedAttempts.put(attempt.taskId(), attempts.get(attempt.taskId()));
        }
        continue;
      }
      AttemptOutcome outcome = outcome(attempt, status);
      RunLifecycle.AttemptEnd end =
          new RunLifecycle.AttemptEnd(status.exitCode(), status.message(), attempt.killReason());
      Attempt ended =
          located.ended(
              attemptState(outcome),
              end.reason(kindOf(outcome), attempt.number())
                  .with(Reason.TASK, status.state().name().toLowerCase()),
              status.exitCode(),
              now);
      attempts.put(attempt.taskId(), ended);
      changedAttempts.put(attempt.taskId(), ended);
      Run run = runs.get(attempt.runId());
      if (run.state() != RunState.RUNNING || run.attempts() != attempt.number()) {
        continue; // the run moved on (e.g. killed while queued); this attempt no longer drives it
      }
      RetryPolicy retries = catalog.spec(run.job()).map(JobSpec::retries).orElse(RetryPolicy.NONE);
      RunLifecycle.Transition t =
          RunLifecycle.attemptEnded(run.snapshot(), attempt.number(), outcome, end, retries, now);
      Run after = run.apply(t, now);
      runs.put(run.id(), after);
      changedRuns.add(new RunTransitions.Step(run, after, t, attempt.number()));
    }
    tx.attempts().updateAll(changedAttempts.values());
    // Dependents are evaluated after every run of the batch is written, so they see them all.
    // An attempt's end launches and kills nothing itself, so there is nothing to send after it.
    transitions.applyAll(tx, changedRuns, clock.now(), new AfterCommit());
  }

  private static AttemptOutcome outcome(Attempt attempt, TaskStatus status) {
    boolean timedOut = attempt.killKind() == ReasonKind.ATTEMPT_TIMED_OUT;
    return switch (status.state()) {
      case SUCCEEDED -> AttemptOutcome.SUCCEEDED;
      case FAILED -> timedOut ? AttemptOutcome.TIMED_OUT : AttemptOutcome.FAILED;
      case KILLED -> timedOut ? AttemptOutcome.TIMED_OUT : AttemptOutcome.KILLED;
      case LOST -> AttemptOutcome.LOST;
      case NOT_STARTED -> AttemptOutcome.NOT_STARTED;
      case RUNNING -> throw new IllegalArgumentException("not an end: " + status);
    };
  }

  private static AttemptState attemptState(AttemptOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> AttemptState.SUCCEEDED;
      case FAILED, TIMED_OUT -> AttemptState.FAILED;
      case KILLED -> AttemptState.KILLED;
      case LOST, NOT_STARTED -> AttemptState.LOST;
    };
  }

  private static ReasonKind kindOf(AttemptOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> ReasonKind.ATTEMPT_SUCCEEDED;
      case FAILED -> ReasonKind.ATTEMPT_FAILED;
      case TIMED_OUT -> ReasonKind.ATTEMPT_TIMED_OUT;
      case KILLED -> ReasonKind.ATTEMPT_KILLED;
      case LOST -> ReasonKind.ATTEMPT_LOST;
      case NOT_STARTED -> ReasonKind.ATTEMPT_NOT_STARTED;
    };
  }
}
