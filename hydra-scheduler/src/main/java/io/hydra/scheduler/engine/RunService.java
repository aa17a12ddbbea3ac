package io.hydra.scheduler.engine;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.Why;
import io.hydra.core.validate.JobValidator;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.pipeline.Attention;
import io.hydra.scheduler.pipeline.AttentionReport;
import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.scheduler.pipeline.Pipelines;
import io.hydra.store.Store;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import io.hydra.store.run.RunQuery;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/** What operators and pipelines do to runs: trigger, re-run, kill, inspect. */
public final class RunService {

  private final Store store;
  private final Engine engine;
  private final RunCreation creation;
  private final RunTransitions transitions;
  private final Reruns reruns;

  public RunService(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
    this.transitions = engine.transitions();
    this.creation = new RunCreation(engine.catalog(), transitions);
    this.reruns = new Reruns(engine.catalog(), transitions);
  }

  /** A run with its attempts and timeline. */
  public record RunDetail(Run run, List<Attempt> attempts, List<RunEvent> events) {}

  /**
   * The result of a trigger: the run, and whether it is new (an existing run is returned as is).
   */
  public record Triggered(Run run, boolean created) {}

  /** Creates run (job, T) now, for T given or the current time; idempotent per (job, T). */
  public Triggered trigger(String job, Instant logicalTime, Map<String, String> params) {
    return trigger(job, logicalTime, params, null);
  }

  /**
   * As above, the run of {@code priority} instead of its job's (null: the job's); an existing run
   * keeps its own.
   */
  public Triggered trigger(
      String job, Instant logicalTime, Map<String, String> params, Integer priority) {
    List<FieldError> invalid = new ArrayList<>();
    JobValidator.priority("priority", priority, invalid);
    if (!invalid.isEmpty()) {
      throw new ValidationException(invalid);
    }
    JobSpec spec =
        engine
            .catalog()
            .spec(job)
            .orElseThrow(() -> new NotFoundException("job '" + job + "' does not exist"));
    Instant now = engine.clock().now();
    Instant t = logicalTime != null ? logicalTime : now.truncatedTo(ChronoUnit.MILLIS);
    RunCreation.Created result =
        store.inTransaction(
            tx ->
                // Kills of replaced runs are recorded on their attempts; the leader sends them.
                creation.create(
                    tx,
                    spec,
                    t,
                    RunCause.MANUAL,
                    params,
                    new RunCreation.Origin(null, priority),
                    now,
                    new AfterCommit()));
    engine.wake(); // the leader sends any kill a replacing run recorded
    return new Triggered(result.run(), result.isNew());
  }

  /** What a re-run changed: the run itself and the downstream runs set to run again. */
  public record Rerun(Run run, List<Run> downstream) {}

  /**
   * Starts a new attempt of an ended run; waiting or upstream-failed downstream runs follow when it
   * succeeds. With {@code downstream}, ended downstream runs of the same logical time (those that
   * succeeded included) wait for it and run again, in dependency order.
   */
  public Rerun rerun(long runId, Map<String, String> params, boolean withDownstream, String who) {
    Rerun result =
        store.inTransaction(
            tx -> {
              Run current = tx.runReads().getForUpdate(runId).orElseThrow(() -> notFound(runId));
              Run changed = params == null ? current : current.withParams(params);
              RunLifecycle.Transition t = RunLifecycle.rerun(current.snapshot(), who);
              return reruns.rerun(tx, current, changed, t, withDownstream, engine.clock().now());
            });
    engine.wake();
    return result;
  }

  /**
   * The downstream runs a re-run with {@code downstream: true} would set to run again, in the order
   * it would, without changing anything: so an operator can see them before confirming.
   */
  public List<Run> rerunDownstreamPreview(long runId) {
    return store.read(
        tx ->
            reruns.endedDownstream(
                tx, tx.runReads().get(runId).orElseThrow(() -> notFound(runId))));
  }

  /** Declares a run successful without running it; downstream runs proceed. */
  public Run markSucceeded(long runId, String who) {
    return operatorTransition(runId, run -> RunLifecycle.markSucceeded(run.snapshot(), who));
  }

  /** Decides a run will not run; downstream runs see a skipped upstream. */
  public Run skip(long runId, String who) {
    return operatorTransition(runId, run -> RunLifecycle.skipByOperator(run.snapshot(), who));
  }

  private Run operatorTransition(long runId, Function<Run, RunLifecycle.Transition> decide) {
    Run result =
        store.inTransaction(
            tx -> {
              Run current = tx.runReads().getForUpdate(runId).orElseThrow(() -> notFound(runId));
              Instant now = engine.clock().now();
              return transitions.apply(tx, current, decide.apply(current), now);
            });
    engine.wake();
    return result;
  }

  /** Stops a run: a running attempt is killed (the run ends when that is confirmed). */
  public Run kill(long runId, String who) {
    Reason reason = Reason.of(ReasonKind.KILLED, Reason.BY, who);
    store.useTransaction(
        tx -> {
          Run current = tx.runReads().getForUpdate(runId).orElseThrow(() -> notFound(runId));
          Instant now = engine.clock().now();
          RunLifecycle.Transition t = RunLifecycle.kill(current.snapshot(), reason);
          transitions.apply(tx, current, t, now);
        });
    // The kill of a running attempt is recorded on it: the leader, which owns the launcher, sends
    // it (this instance may be a follower).
    engine.wake();
    return get(runId).orElseThrow().run();
  }

  /** The run's pipeline at its logical time, with each node's deadline, ETA and risk. */
  public PipelineView pipeline(long runId) {
    return new Pipelines(store, engine.catalog()::graph, engine.clock()).of(runId);
  }

  /** The deadline alerts of a job's run at one logical time, oldest first. */
  public List<DeadlineAlert> alertsAt(String job, Instant logicalTime) {
    return store.read(tx -> tx.deadlineAlerts().of(job, logicalTime));
  }

  /** The job's latest deadline alerts, newest logical time first. */
  public List<DeadlineAlert> alertsOf(String job, int limit) {
    return store.read(tx -> tx.deadlineAlerts().latestOf(job, limit));
  }

  /**
   * The runs {@link #rerunFailed} would reset in the run's pipeline: its failed, upstream-failed
   * and killed runs and their ended downstream runs, without changing anything.
   */
  public List<Run> rerunFailedPreview(long runId) {
    return new FailedReruns(this, engine.catalog()).preview(pipeline(runId));
  }

  /** Re-runs every failed root of the run's pipeline with its downstream; the runs it reset. */
  public List<Run> rerunFailed(long runId, String who) {
    return new FailedReruns(this, engine.catalog()).rerun(pipeline(runId), who);
  }

  /**
   * What a pipeline retry did: the pipeline's root and logical time, the retry's number, the root's
   * policy maximum (0 without one) and the runs it reset, each failed node first.
   */
  public record PipelineRetried(
      String root, Instant logicalTime, int number, int max, List<Run> runs) {}

  /**
   * Retries the pipeline of the run now, as its policy would when due: its failed nodes run again
   * with their downstream, in one transaction, counted as the next retry. Refused (conflict) when
   * nothing failed or a node has not ended.
   */
  public PipelineRetried retryPipeline(long runId, String who) {
    PipelineRetried result =
        store.inTransaction(
            tx -> {
              Run run = tx.runReads().get(runId).orElseThrow(() -> notFound(runId));
              return transitions.pipelineRetries().manual(tx, run, who, engine.clock().now());
            });
    engine.wake();
    return result;
  }

  /** What needs a person (see {@link Attention}), of the owners {@code ownerVisible} accepts. */
  public AttentionReport attention(Predicate<String> ownerVisible) {
    return new Attention(store, engine.catalog()::graph, engine.clock()).report(ownerVisible);
  }

  /** Why the run is where it is: every cause that holds it back or ended it. */
  public Why.Explanation why(long runId) {
    return new RunExplainer(store, engine).why(runId);
  }

  /** Holds a run that has not ended back from starting (and its retries), until released. */
  public Run hold(long runId, String who) {
    Instant now = engine.clock().now();
    return operatorTransition(runId, run -> RunLifecycle.hold(run.snapshot(), who, now));
  }

  /** Releases a held run: it starts when its upstreams, concurrency and capacity let it. */
  public Run release(long runId, String who) {
    return operatorTransition(runId, run -> RunLifecycle.release(run.snapshot(), who));
  }

  public Optional<RunDetail> get(long runId) {
    return store.read(
        tx ->
            tx.runReads()
                .get(runId)
                .map(
                    run ->
                        new RunDetail(
                            run, tx.attempts().ofRun(runId), tx.runReads().events(runId))));
  }

  /** A page of runs, filtered and sorted (the API's run list). */
  public List<Run> page(RunQuery query) {
    return store.read(tx -> tx.runReads().page(query));
  }

  public Optional<InputStream> log(long runId, int attempt, LogStream stream) {
    Optional<Attempt> found = store.read(tx -> tx.attempts().get(runId, attempt));
    return found.flatMap(a -> engine.launcher().openLog(a.taskId(), stream));
  }

  private static NotFoundException notFound(long runId) {
    return new NotFoundException("run " + runId + " does not exist");
  }
}
