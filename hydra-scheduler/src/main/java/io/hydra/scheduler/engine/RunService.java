package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.store.NotFoundException;
import io.hydra.store.Store;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import io.hydra.store.run.RunFilter;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What operators and pipelines do to runs: trigger, re-run, kill, inspect. */
public final class RunService {

  private final Store store;
  private final Engine engine;
  private final RunCreation creation;
  private final Downstream downstream;

  public RunService(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
    this.downstream = new Downstream(engine.catalog());
    this.creation = new RunCreation(engine.catalog(), downstream);
  }

  /** A run with its attempts and timeline. */
  public record RunDetail(Run run, List<Attempt> attempts, List<RunEvent> events) {}

  /** The result of a trigger: the run, and whether it is new (an existing run is returned as is). */
  public record Triggered(Run run, boolean created) {}

  /** Creates run (job, T) now, for T given or the current time; idempotent per (job, T). */
  public Triggered trigger(String job, Instant logicalTime, Map<String, String> params) {
    JobSpec spec = engine.catalog().spec(job)
        .orElseThrow(() -> new NotFoundException("job '" + job + "' does not exist"));
    Instant now = engine.clock().now();
    Instant t = logicalTime != null ? logicalTime : now.truncatedTo(ChronoUnit.MILLIS);
    RunCreation.Created result = store.inTransaction(
        tx -> creation.create(tx, spec, t, RunCause.MANUAL, params, now));
    engine.wake();
    return new Triggered(result.run(), result.isNew());
  }

  /** Starts a new attempt of an ended run; downstream runs follow when it succeeds. */
  public Run rerun(long runId, Map<String, String> params, String who) {
    Run run = store.inTransaction(tx -> {
      Run current = tx.runs().getForUpdate(runId).orElseThrow(() -> notFound(runId));
      Instant now = engine.clock().now();
      Run changed = params == null ? current : current.withParams(params);
      Run queued = changed.apply(RunLifecycle.rerun(current.snapshot(), who), now);
      tx.runs().update(current, queued, null);
      return queued;
    });
    engine.wake();
    return run;
  }

  /** Stops a run: a running attempt is killed (the run ends when that is confirmed). */
  public Run kill(long runId, String who) {
    String reason = "killed by " + who;
    Optional<String> taskToKill = store.inTransaction(tx -> {
      Run current = tx.runs().getForUpdate(runId).orElseThrow(() -> notFound(runId));
      Instant now = engine.clock().now();
      RunLifecycle.Transition t = RunLifecycle.kill(current.snapshot(), reason);
      if (current.state() == RunState.RUNNING) {
        Attempt attempt = tx.attempts().get(runId, current.attempts()).orElseThrow();
        tx.attempts().update(attempt.killRequested(reason, now));
        return Optional.of(attempt.taskId());
      }
      Run after = current.apply(t, now);
      tx.runs().update(current, after, null);
      downstream.evaluate(tx, after, now);
      return Optional.<String>empty();
    });
    taskToKill.ifPresent(engine.launcher()::kill);
    engine.wake();
    return get(runId).orElseThrow().run();
  }

  public Optional<RunDetail> get(long runId) {
    return store.read(tx -> tx.runs().get(runId).map(run ->
        new RunDetail(run, tx.attempts().ofRun(runId), tx.runs().events(runId))));
  }

  public List<Run> list(RunFilter filter) {
    return store.read(tx -> tx.runs().list(filter));
  }

  public Optional<InputStream> log(long runId, int attempt, LogStream stream) {
    Optional<Attempt> found = store.read(tx -> tx.attempts().get(runId, attempt));
    return found.flatMap(a -> engine.launcher().openLog(a.taskId(), stream));
  }

  private static NotFoundException notFound(long runId) {
    return new NotFoundException("run " + runId + " does not exist");
  }
}
