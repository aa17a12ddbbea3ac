package io.hydra.store.testing;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.Store;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Past runs written straight into the store: history for predictions, without running them. */
public final class RunHistory {

  private RunHistory() {}

  /** A run of {@code job} at {@code t} in {@code state}, created at {@code t}. */
  public static Run run(Store store, String job, Instant t, RunState state) {
    NewRun run =
        new NewRun(job, t, 1, state, Reason.of(ReasonKind.TRIGGERED), RunCause.MANUAL, Map.of());
    return store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run, t)).orElseThrow();
  }

  /**
   * A run of {@code job} at {@code t} that started at {@code t} and succeeded after {@code took}.
   */
  public static Run succeeded(Store store, String job, Instant t, Duration took) {
    Run r = run(store, job, t, RunState.QUEUED);
    store.useTransaction(
        tx ->
            tx.handle()
                .createUpdate(
                    "update run set state = 'succeeded', started_at = :s, ended_at = :e "
                        + "where id = :id")
                .bind("s", t)
                .bind("e", t.plus(took))
                .bind("id", r.id())
                .execute());
    return r;
  }

  /**
   * One success a day on each of the {@code days} days before {@code t}, each taking {@code took}.
   */
  public static void daily(Store store, String job, Instant t, int days, Duration took) {
    for (int d = 1; d <= days; d++) {
      succeeded(store, job, t.minus(Duration.ofDays(d)), took);
    }
  }
}
