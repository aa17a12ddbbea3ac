package io.hydra.scheduler.engine;

import io.hydra.core.run.RunLifecycle;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.Store;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The engine's two timers, both kept as rows: retry backoff and attempt timeout. */
final class Timers {

  private final Store store;
  private final Launcher launcher;
  private final Clock clock;
  private final int batchSize;

  Timers(Store store, Launcher launcher, Clock clock, int batchSize) {
    this.store = store;
    this.launcher = launcher;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /** Moves retrying runs whose backoff has passed back to the queue. */
  int promoteDueRetries() {
    return store.inTransaction(tx -> {
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
    List<String> toKill = store.inTransaction(tx -> {
      Instant now = clock.now();
      List<String> ids = new ArrayList<>();
      for (Attempt attempt : tx.attempts().overdue(now)) {
        tx.attempts().update(attempt.killRequested(Reasons.TIMEOUT, now));
        ids.add(attempt.taskId());
      }
      return ids;
    });
    toKill.forEach(launcher::kill);
    return toKill.size();
  }

  Optional<Instant> nextWake() {
    return store.read(tx -> Stream.of(tx.runs().nextRetryAt(), tx.attempts().nextDeadline())
        .flatMap(Optional::stream)
        .min(Instant::compareTo));
  }
}
