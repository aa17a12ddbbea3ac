package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.core.schedule.Timetable;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.backfill.Backfill;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Moves running backfills along, one engine step at a time: creates runs for the next fire times,
 * oldest first, while fewer than {@code parallelism} of the backfill's runs are unfinished, and
 * ends the backfill once every fire time has a run and all of them have ended.
 */
final class Backfilling {

  /** Fire times looked at per backfill per step, so one huge range cannot stall the engine. */
  private static final int MAX_PER_STEP = 1000;

  private static final Set<String> FAILURES = Set.of("failed", "upstream_failed", "killed");

  private final Store store;
  private final RequestedKills requestedKills;
  private final JobCatalog catalog;
  private final RunCreation creation;
  private final Clock clock;
  private volatile boolean active;

  Backfilling(
      Store store,
      RequestedKills requestedKills,
      JobCatalog catalog,
      RunCreation creation,
      Clock clock) {
    this.store = store;
    this.requestedKills = requestedKills;
    this.catalog = catalog;
    this.creation = creation;
    this.clock = clock;
  }

  /** Whether the last step found a running backfill (so the next one should look again). */
  boolean active() {
    return active;
  }

  /** One step over every running backfill; returns how many runs it created. */
  int advance() {
    Advanced step =
        store.inTransaction(
            tx -> {
              AfterCommit out = new AfterCommit();
              List<Backfill> running = tx.backfills().claimRunning();
              active = !running.isEmpty();
              int total = 0;
              for (Backfill backfill : running) {
                total += advance(tx, backfill, out);
              }
              return new Advanced(total, out);
            });
    requestedKills.send(step.out().kills());
    return step.created();
  }

  /** What one committed step did: the runs it created, and the kills to send. */
  private record Advanced(int created, AfterCommit out) {}

  private int advance(Tx tx, Backfill backfill, AfterCommit out) {
    Instant now = clock.now();
    Optional<JobSpec> spec = catalog.spec(backfill.job()).filter(s -> s.schedule() != null);
    if (spec.isEmpty()) {
      tx.backfills().end(backfill.id(), Backfill.FAILED, now);
      return 0;
    }
    int slots =
        backfill.parallelism()
            - unfinished(tx.backfillRuns().countByStateOfBackfill(backfill.id()));
    Timetable cron = Timetable.of(spec.get().allSchedules(), catalog.calendars());
    Instant next = backfill.nextFire();
    int existing = backfill.existing();
    int created = 0;
    for (int looked = 0; next != null && slots > 0 && looked < MAX_PER_STEP; looked++) {
      // A date a calendar excludes is recorded skipped, as the schedule's own fire would be.
      Optional<Reason> excluded = cron.exclusion(next);
      RunCreation.Created run =
          excluded.isPresent()
              ? creation.createSkipped(
                  tx, spec.get(), next, excluded.get(), backfill.params(), backfill.id(), now)
              : creation.create(
                  tx,
                  spec.get(),
                  next,
                  RunCause.BACKFILL,
                  backfill.params(),
                  new RunCreation.Origin(backfill.id(), backfill.priority()),
                  now,
                  out);
      if (!run.isNew()) {
        existing++;
      } else {
        created++;
        slots -= run.run().state().isTerminal() ? 0 : 1;
      }
      next = cron.nextAfter(next).filter(t -> !t.isAfter(backfill.to())).orElse(null);
    }
    if (existing != backfill.existing() || !Objects.equals(next, backfill.nextFire())) {
      tx.backfills().advance(backfill.id(), next, existing, now);
    }
    if (next == null) {
      Map<String, Integer> counts = tx.backfillRuns().countByStateOfBackfill(backfill.id());
      if (unfinished(counts) == 0) {
        boolean failed = counts.keySet().stream().anyMatch(FAILURES::contains);
        tx.backfills().end(backfill.id(), failed ? Backfill.FAILED : Backfill.SUCCEEDED, now);
      }
    }
    return created;
  }

  private static int unfinished(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> !RunState.fromWire(e.getKey()).isTerminal())
        .mapToInt(Map.Entry::getValue)
        .sum();
  }
}
