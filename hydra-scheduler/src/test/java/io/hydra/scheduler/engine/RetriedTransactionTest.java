package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.store.run.Attempt;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A transaction PostgreSQL aborts (a deadlock victim, a serialization failure) is rolled back and
 * run again. What it launches must come from the try that committed: a launch built by the
 * rolled-back try would carry a run id that names no row. The database itself fails the first
 * commit that writes an attempt, through a deferred constraint trigger, so the whole transaction is
 * rolled back at commit, after all its work was done.
 */
class RetriedTransactionTest extends EngineFixture {

  @BeforeEach
  void failTheFirstCommitThatWritesAnAttempt() {
    store.useTransaction(
        tx ->
            tx.handle()
                .execute(
                    """
                    create sequence fail_once;
                    create function fail_first_commit() returns trigger language plpgsql as $$
                    begin
                      if nextval('fail_once') = 1 then
                        raise exception 'could not serialize access (test)'
                          using errcode = 'serialization_failure';
                      end if;
                      return null;
                    end $$;
                    create constraint trigger fail_first_commit after insert on attempt
                      deferrable initially deferred for each row
                      execute function fail_first_commit();
                    """));
  }

  @Test
  void aScheduledFireRetriedAtCommitLaunchesOnlyWhatTheCommittedTryWrote() {
    define("name: tick\nschedule: {cron: '* * * * *'}\ntask: {command: 'true'}\n");
    Instant fire = Instant.parse("2026-03-02T10:31:00Z");

    advanceTo(fire);

    awaitState("tick", fire, RunState.SUCCEEDED);
    assertTheCommitWasRetried();
    assertEveryLaunchNamesACommittedAttempt();
  }

  @Test
  void aDispatchRetriedAtCommitLaunchesOnlyWhatTheCommittedTryWrote() {
    define(
        "name: manual\nschedule: {cron: '0 0 1 1 *'}\nconcurrency: queue\n"
            + "task: {command: 'true'}\n");
    Instant t = Instant.parse("2026-03-01T00:00:00Z");

    runs.trigger("manual", t, Map.of());

    awaitState("manual", t, RunState.SUCCEEDED);
    assertTheCommitWasRetried();
    assertEveryLaunchNamesACommittedAttempt();
  }

  private void assertTheCommitWasRetried() {
    long calls =
        store.read(
            tx ->
                tx.handle()
                    .createQuery("select last_value from fail_once")
                    .mapTo(Long.class)
                    .one());
    assertThat(calls).as("attempt rows the trigger saw").isGreaterThanOrEqualTo(2);
  }

  private void assertEveryLaunchNamesACommittedAttempt() {
    assertThat(launcher.launched()).isNotEmpty();
    for (LaunchRequest request : launcher.launched()) {
      long runId = Long.parseLong(request.env().get("HYDRA_RUN_ID"));
      int number = Integer.parseInt(request.env().get("HYDRA_ATTEMPT"));
      assertThat(run(runId).job()).isEqualTo(request.job());
      Optional<Attempt> attempt = store.read(tx -> tx.attempts().get(runId, number));
      assertThat(attempt)
          .as("attempt %d of run %d, launched as %s", number, runId, request.taskId())
          .hasValueSatisfying(a -> assertThat(a.taskId()).isEqualTo(request.taskId()));
    }
  }
}
