package io.hydra.scheduler.engine;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.schedule.Timetable;
import io.hydra.core.validate.JobValidator;
import io.hydra.store.Store;
import io.hydra.store.backfill.Backfill;
import io.hydra.store.error.ConflictException;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts, shows and cancels backfills (docs/scheduling.md, Backfills). */
public final class BackfillService {

  /** A backfill larger than this is almost certainly a mistake in the range. */
  public static final int MAX_FIRES = 10_000;

  public static final int MAX_PARALLELISM = 1000;

  private final Store store;
  private final Engine engine;

  public BackfillService(Store store, Engine engine) {
    this.store = store;
    this.engine = engine;
  }

  /** A backfill with its runs counted by state. */
  public record Progress(Backfill backfill, Map<String, Integer> runs) {}

  public Backfill start(
      String job,
      Instant from,
      Instant to,
      int parallelism,
      Map<String, String> params,
      String who) {
    return start(job, from, to, parallelism, params, null, who);
  }

  /** As above, its runs of {@code priority} instead of the job's (null: the job's). */
  public Backfill start(
      String job,
      Instant from,
      Instant to,
      int parallelism,
      Map<String, String> params,
      Integer priority,
      String who) {
    JobSpec spec =
        engine
            .catalog()
            .spec(job)
            .orElseThrow(() -> new NotFoundException("job '" + job + "' does not exist"));
    if (spec.schedule() == null) {
      throw ValidationException.of(
          "job",
          "'"
              + job
              + "' has no schedule, so it has no fire"
              + " times to backfill; trigger runs with a logicalTime instead");
    }
    if (from == null || to == null) {
      throw ValidationException.of(from == null ? "from" : "to", "is required");
    }
    if (to.isBefore(from)) {
      throw ValidationException.of("to", "must not be before from (" + from + ")");
    }
    List<FieldError> invalid = new ArrayList<>();
    JobValidator.priority("priority", priority, invalid);
    if (!invalid.isEmpty()) {
      throw new ValidationException(invalid);
    }
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw ValidationException.of("parallelism", "must be between 1 and " + MAX_PARALLELISM);
    }
    List<Instant> fires =
        Timetable.of(spec.allSchedules(), Map.of())
            .firesBetween(from.minusNanos(1), to, MAX_FIRES + 1);
    if (fires.size() > MAX_FIRES) {
      throw ValidationException.of(
          "to",
          "the range holds more than "
              + MAX_FIRES
              + " fire times; split it into several backfills");
    }
    Instant now = engine.clock().now();
    Backfill created =
        store.inTransaction(
            tx ->
                tx.backfills()
                    .create(
                        job,
                        from,
                        to,
                        parallelism,
                        fires.size(),
                        fires.isEmpty() ? null : fires.get(0),
                        params,
                        priority,
                        who,
                        now));
    engine.wake();
    return created;
  }

  public Progress get(long id) {
    return store.read(
        tx -> {
          Backfill backfill = tx.backfills().get(id).orElseThrow(() -> notFound(id));
          return new Progress(backfill, tx.backfillRuns().countByStateOfBackfill(id));
        });
  }

  /**
   * Stops a running backfill: no more runs are created, its runs that have not started are skipped,
   * its running runs are killed, and the fire times it had not reached yet are recorded as skipped,
   * so that dependents waiting for those upstream runs move on instead of waiting for a run that
   * nothing will create.
   */
  public Progress cancel(long id, String who) {
    store.useTransaction(
        tx -> {
          Backfill backfill = tx.backfills().getForUpdate(id).orElseThrow(() -> notFound(id));
          if (!backfill.isRunning()) {
            throw new ConflictException(
                "backfill "
                    + id
                    + " is "
                    + backfill.state()
                    + "; only a running backfill can be cancelled");
          }
          Instant now = engine.clock().now();
          Reason killed = Reason.of(ReasonKind.KILLED, Reason.BACKFILL, id, Reason.BY, who);
          Reason skipped = Reason.of(ReasonKind.MANUAL, Reason.BACKFILL, id, Reason.BY, who);
          RunTransitions transitions = engine.transitions();
          AfterCommit out = new AfterCommit(); // kills are recorded; the leader sends them
          for (Run run : tx.backfillRuns().unfinishedOfBackfill(id)) {
            RunLifecycle.Transition t =
                run.state() == RunState.RUNNING
                    ? RunLifecycle.kill(run.snapshot(), killed)
                    : RunLifecycle.skip(run.snapshot(), skipped);
            transitions.apply(tx, run, t, now, out);
          }
          transitions.create(tx, unreached(backfill, skipped), now);
          tx.backfills().end(id, Backfill.CANCELLED, now);
        });
    engine.wake(); // the leader sends the recorded kills
    return get(id);
  }

  /**
   * The fire times the backfill had not reached, as skipped runs (at most {@link #MAX_FIRES}, the
   * size of a backfill). Times that have a run already keep it.
   */
  private List<NewRun> unreached(Backfill backfill, Reason reason) {
    JobSpec spec = engine.catalog().spec(backfill.job()).orElse(null);
    if (spec == null || spec.schedule() == null || backfill.nextFire() == null) {
      return List.of();
    }
    int version = engine.catalog().job(spec.name()).map(j -> j.version()).orElse(0);
    Timetable cron = Timetable.of(spec.allSchedules(), Map.of());
    List<NewRun> skipped = new ArrayList<>();
    for (Instant t = backfill.nextFire();
        t != null && !t.isAfter(backfill.to()) && skipped.size() < MAX_FIRES;
        t = cron.nextAfter(t).orElse(null)) {
      skipped.add(
          new NewRun(
                  spec.name(),
                  t,
                  version,
                  RunState.SKIPPED,
                  reason,
                  RunCause.BACKFILL,
                  backfill.params())
              .withBackfill(backfill.id()));
    }
    return skipped;
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("backfill " + id + " does not exist");
  }
}
