package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.RetryPolicy;
import io.hydra.core.run.AttemptEvent;
import io.hydra.core.run.AttemptLifecycle;
import io.hydra.core.run.AttemptOutcome;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.Launcher;
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
 * end, the run's transition, and the dependents it releases commit together. Each report is an
 * {@link AttemptEvent}, and {@link AttemptLifecycle} decides what it does to the attempt: a report
 * it ignores (a repeated or late status for an attempt that already ended) changes no state.
 */
final class StatusHandler {

  private static final Logger log = LoggerFactory.getLogger(StatusHandler.class);

  private final Store store;
  private final JobCatalog catalog;
  private final RunTransitions transitions;
  private final Clock clock;
  private final Launcher launcher;

  StatusHandler(
      Store store, JobCatalog catalog, RunTransitions transitions, Clock clock, Launcher launcher) {
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
      Instant now = clock.now();
      // Where the task runs, if the launcher learnt it only now (the Mesos agent).
      Attempt located = attempt.locatedAt(status.location());
      AttemptEvent event = event(attempt, status);
      AttemptLifecycle.Step step = AttemptLifecycle.step(attempt.state(), event);
      if (!(step instanceof AttemptLifecycle.Step.Moves moves)) {
        ignore(step, attempt, event, status);
        if (!attempt.state().isTerminal() && located != attempt) {
          // A second running report changes no state, but may be the first to say where.
          Attempt running = located.running(now);
          attempts.put(attempt.taskId(), running);
          changedAttempts.put(attempt.taskId(), running);
          runningReason(runs, changedRuns, running, now);
        }
        continue;
      }
      if (moves.outcome() == null) {
        Attempt running = located.running(now);
        attempts.put(attempt.taskId(), running);
        changedAttempts.put(attempt.taskId(), running);
        runningReason(runs, changedRuns, running, now);
        continue;
      }
      AttemptOutcome outcome = moves.outcome();
      RunLifecycle.AttemptEnd end =
          new RunLifecycle.AttemptEnd(status.exitCode(), status.message(), attempt.killReason());
      Attempt ended =
          located.ended(
              moves.to(),
              end.reason(outcome.reasonKind(), attempt.number())
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

  /**
   * The run a running attempt drives says so, since when and where, instead of "launching": its
   * reason is what a person reads in lists. A run that moved on (killed while queued, a newer
   * attempt) keeps its own reason.
   */
  private static void runningReason(
      Map<Long, Run> runs, List<RunTransitions.Step> changedRuns, Attempt running, Instant now) {
    Run run = runs.get(running.runId());
    if (run.state() != RunState.RUNNING || run.attempts() != running.number()) {
      return;
    }
    String host = running.location() == null ? null : running.location().host();
    RunLifecycle.Transition t =
        RunLifecycle.attemptRunning(run.snapshot(), running.number(), running.startedAt(), host);
    if (t.why().equals(run.why())) {
      return; // a repeated report says nothing new: no write, no timeline entry
    }
    Run after = run.apply(t, now);
    runs.put(run.id(), after);
    changedRuns.add(new RunTransitions.Step(run, after, t, running.number()));
  }

  /**
   * The attempt event a report is: a failed or killed report of a task the engine stopped for its
   * timeout is a timeout, whatever the launcher saw.
   */
  private static AttemptEvent event(Attempt attempt, TaskStatus status) {
    boolean timedOut = attempt.killKind() == ReasonKind.ATTEMPT_TIMED_OUT;
    return switch (status.state()) {
      case RUNNING -> AttemptEvent.REPORTED_RUNNING;
      case SUCCEEDED -> AttemptEvent.REPORTED_SUCCEEDED;
      case FAILED -> timedOut ? AttemptEvent.TIMED_OUT : AttemptEvent.REPORTED_FAILED;
      case KILLED -> timedOut ? AttemptEvent.TIMED_OUT : AttemptEvent.REPORTED_KILLED;
      case LOST -> AttemptEvent.REPORTED_LOST;
      case NOT_STARTED -> AttemptEvent.REPORTED_NOT_STARTED;
    };
  }

  /**
   * A report the attempt table ignores. Launchers deliver at least once, so a duplicate is routine;
   * a stale one (an end other than the one recorded, a running report after the end) is worth a
   * line, as the first recorded end stands.
   */
  private static void ignore(
      AttemptLifecycle.Step step, Attempt attempt, AttemptEvent event, TaskStatus status) {
    if (!(step instanceof AttemptLifecycle.Step.Ignored ignored)) {
      // No report asks to kill: only the engine's own kill requests and deadlines do.
      throw new IllegalStateException("report " + event.wireName() + " took " + step);
    }
    if (ignored.why() == AttemptLifecycle.Why.DUPLICATE) {
      log.debug(
          "Ignored a duplicate {} report for task {}: the attempt is {} already",
          event.wireName(),
          status.taskId(),
          attempt.state().wireName());
      return;
    }
    log.info(
        "Ignored a stale {} report for task {}: the attempt is {} already",
        event.wireName(),
        status.taskId(),
        attempt.state().wireName());
  }
}
