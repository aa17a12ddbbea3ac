package io.hydra.scheduler.engine;

import io.hydra.core.run.Reason;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunLifecycle.Effect;
import io.hydra.core.run.RunLifecycle.Transition;
import io.hydra.store.Tx;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunWrites;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one place a run's state changes. Every change, creation included, is a transition of the core
 * table ({@link RunLifecycle}); this writes the rows and their timeline and then carries out the
 * transitions' effects in one fixed order: dependents are evaluated in the same transaction, kills
 * are recorded on their attempts, and kills and launches are collected in an {@link AfterCommit}
 * for once the transaction has committed. Nothing else writes {@code run.state} (RunWritesTest), so
 * every path (a fire, a trigger, an operator, a timer, a report, a backfill) reaches dependents the
 * same way.
 */
final class RunTransitions {

  private final Downstream downstream;
  private final PipelineRetrying pipelineRetries;

  RunTransitions(JobCatalog catalog) {
    this.downstream = new Downstream(catalog, this);
    this.pipelineRetries = new PipelineRetrying(catalog, this);
  }

  /** Pipeline retries: decided as runs end here, carried out by the engine's timer. */
  PipelineRetrying pipelineRetries() {
    return pipelineRetries;
  }

  /** The downstream evaluation, for the verdict of a run being created. */
  Downstream downstream() {
    return downstream;
  }

  /** One run's change: the row before and after, the transition, and the attempt it concerns. */
  record Step(Run before, Run after, Transition transition, Integer attempt) {

    static Step of(Run before, Transition t, Instant now) {
      // A kill of a running run leaves its row as it is: the run ends when the launcher confirms
      // that its attempt has stopped; until then only the attempt carries the kill.
      boolean killOnly =
          t.to() == before.state()
              && !t.effects().isEmpty()
              && t.effects().stream().allMatch(e -> e instanceof Effect.KillAttempt);
      return new Step(before, killOnly ? before : before.apply(t, now), t, null);
    }
  }

  /** Applies one transition to a run the transaction has locked; returns the run after it. */
  Run apply(Tx tx, Run before, Transition t, Instant now, AfterCommit out) {
    Step step = Step.of(before, t, now);
    applyAll(tx, List.of(step), now, out);
    return step.after();
  }

  /**
   * Applies one transition whose kills, if any, the leader sends: they are recorded on their
   * attempts, and the leader's loop sends every recorded kill ({@link RequestedKills}), whichever
   * instance recorded it. For callers that may run on any instance (the API) and for transitions
   * that kill nothing; no transition launches (only the dispatcher starts attempts).
   */
  Run apply(Tx tx, Run before, Transition t, Instant now) {
    return apply(tx, before, t, now, new AfterCommit());
  }

  /** As {@link #apply(Tx, Run, Transition, Instant)}, for several runs. */
  void applyAll(Tx tx, List<Step> steps, Instant now) {
    applyAll(tx, steps, now, new AfterCommit());
  }

  /** Applies the transitions of several runs: one batch of writes, then their effects. */
  void applyAll(Tx tx, List<Step> steps, Instant now, AfterCommit out) {
    if (steps.isEmpty()) {
      return;
    }
    tx.runWrites()
        .updateAll(
            steps.stream()
                .filter(s -> s.after() != s.before())
                .map(s -> new RunWrites.Change(s.before(), s.after(), s.attempt()))
                .toList());
    for (Step s : steps) {
      if (s.transition().effects().contains(new Effect.EvaluateDownstream())) {
        downstream.evaluate(tx, s.after(), now);
      }
    }
    // After the dependents: a pipeline has ended only once the runs this end decides have too.
    pipelineRetries.ended(
        tx, steps.stream().map(Step::after).filter(r -> r.state().isTerminal()).toList(), now);
    for (Step s : steps) {
      for (Effect effect : s.transition().effects()) {
        if (effect instanceof Effect.KillAttempt kill) {
          requestKill(tx, s.after(), kill, now, out);
        }
      }
    }
  }

  private static void requestKill(
      Tx tx, Run run, Effect.KillAttempt kill, Instant now, AfterCommit out) {
    Optional<Attempt> attempt =
        tx.attempts().get(run.id(), kill.number()).filter(a -> !a.state().isTerminal());
    attempt.ifPresent(
        a -> {
          tx.attempts().requestKill(a, kill.kind(), kill.reason(), now);
          out.kill(a.taskId());
        });
  }

  /**
   * Records a kill of an attempt whose run does not change now (a timeout: the run moves when the
   * launcher confirms the end).
   */
  void requestKill(Tx tx, Attempt attempt, Reason why, Instant now, AfterCommit out) {
    tx.attempts().requestKill(attempt, why.kind(), why.text(), now);
    out.kill(attempt.taskId());
  }

  /**
   * Creates the runs not there yet, each in the initial state its creation transition gives it, and
   * evaluates the dependents of those created already ended (a skipped fire reaches its dependents
   * as any other skip does). Returns the runs it created.
   */
  List<Run> create(Tx tx, List<NewRun> runs, Instant now) {
    runs.forEach(RunTransitions::creation); // refuses a state no run is created in before writing
    List<Run> created = tx.runWrites().insertAllIfAbsent(runs, now, null);
    for (Run run : created) {
      if (RunLifecycle.created(run.state(), run.why())
          .effects()
          .contains(new Effect.EvaluateDownstream())) {
        downstream.evaluate(tx, run, now);
      }
    }
    pipelineRetries.ended(tx, created.stream().filter(r -> r.state().isTerminal()).toList(), now);
    return created;
  }

  /** As {@link #create}, for one run: the run if this call created it. */
  Optional<Run> create(Tx tx, NewRun run, Instant now) {
    boolean reachesDependents = creation(run).effects().contains(new Effect.EvaluateDownstream());
    Optional<Run> created = tx.runWrites().insertIfAbsent(run, now);
    if (created.isPresent() && reachesDependents) {
      downstream.evaluate(tx, created.get(), now);
      pipelineRetries.ended(tx, List.of(created.get()), now);
    }
    return created;
  }

  /** The creation transition of a new run (refused for a state no run is created in). */
  private static Transition creation(NewRun run) {
    return RunLifecycle.created(run.state(), run.why());
  }

  /**
   * Dependent runs created already decided by their upstreams, their timeline reading {@code
   * createdAs} first; {@link Downstream} evaluates the dependents of those that ended itself.
   */
  List<Run> createDecided(Tx tx, List<NewRun> runs, Instant now, Reason createdAs) {
    runs.forEach(RunTransitions::creation);
    return tx.runWrites().insertAllIfAbsent(runs, now, createdAs);
  }

  /**
   * Queued runs created and started in one write (their first attempts are inserted by the caller):
   * the creation and the dispatch transitions at once.
   */
  List<Run> createStarted(Tx tx, List<NewRun> runs, Instant now, Reason startReason) {
    return tx.runWrites().insertAllStarted(runs, now, startReason);
  }

  /** Queued runs the dispatcher started (dispatch transitions, their attempts written by it). */
  void started(Tx tx, List<RunWrites.Change> changes, Instant now) {
    tx.runWrites().updateStarted(changes, now);
  }

  /**
   * Writes verdicts {@link Downstream} decided; it evaluates the dependents of those that ended
   * itself, breadth first, with one batch per logical time.
   */
  void recordVerdicts(Tx tx, List<RunWrites.Change> changes) {
    tx.runWrites().updateAll(changes);
  }
}
