package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.RunState;
import io.hydra.core.time.SettableClock;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import io.hydra.store.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scheduled fire whose run can start at once is started by the fire itself, in its transaction:
 * when the fire step returns, the run is running, its attempt is recorded and it has been launched,
 * with no dispatch pass. Runs that the dispatcher must weigh against other runs (a launcher budget,
 * {@code concurrency: queue}) are left queued for it.
 */
class FireAndStartTest {

  private static final Instant START = Instant.parse("2026-03-02T10:30:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");

  private Database db;
  private Store store;
  private final SettableClock clock = new SettableClock(START);
  private final ScriptedLauncher launcher = ScriptedLauncher.stepped();
  private JobService jobs;
  private ScheduleFiring firing;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    store = new Store(db.jdbi());
    SteppedFiring stepped = new SteppedFiring(store, clock, launcher);
    jobs = stepped.jobs;
    firing = stepped.firing;
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void aDueRunIsStartedByItsFire() {
    define("hourly", "forbid");
    define("overlapping", "allow");

    fireAt(ELEVEN.plusMillis(5));

    for (String job : List.of("hourly", "overlapping")) {
      Run run = run(job);
      assertThat(run.state()).as(job).isEqualTo(RunState.RUNNING);
      assertThat(run.attempts()).isEqualTo(1);
      Attempt attempt = store.read(tx -> tx.attempts().get(run.id(), 1)).orElseThrow();
      assertThat(attempt.state()).isEqualTo(AttemptState.LAUNCHING);
      assertThat(launcher.launchesOf(job)).isEqualTo(1);
      assertThat(launcher.launched())
          .filteredOn(r -> r.job().equals(job))
          .extracting(r -> r.taskId())
          .containsExactly(attempt.taskId());
      // The timeline still shows the run queued by its fire, then started.
      List<RunEvent> timeline = store.read(tx -> tx.runReads().events(run.id()));
      assertThat(timeline)
          .extracting(RunEvent::state, RunEvent::reason, RunEvent::attempt)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("queued", "scheduled fire", null),
              org.assertj.core.groups.Tuple.tuple("running", "attempt 1 launching", 1));
      assertThat(run.reason()).isEqualTo("attempt 1 launching");
      assertThat(run.startedAt()).isEqualTo(ELEVEN.plusMillis(5));
      assertThat(run.jobVersion()).isEqualTo(1);
    }
  }

  @Test
  void aFireOfARunThatExistsAlreadyStartsNothing() {
    define("overlapping", "allow"); // allow: the fire would start it at once
    // Triggered by hand for the fire's logical time before the fire (or fired by another
    // instance): the unique key keeps the one run, and the fire must not add an attempt to it.
    store.useTransaction(
        tx ->
            tx.runWrites()
                .insertIfAbsent(
                    new io.hydra.store.run.NewRun(
                        "overlapping",
                        ELEVEN,
                        1,
                        RunState.QUEUED,
                        io.hydra.core.run.Reason.of(io.hydra.core.run.ReasonKind.TRIGGERED),
                        io.hydra.core.run.RunCause.MANUAL,
                        java.util.Map.of()),
                    START));

    fireAt(ELEVEN.plusMillis(5));

    Run run = run("overlapping");
    assertThat(run.state()).isEqualTo(RunState.QUEUED);
    assertThat(run.cause()).isEqualTo(io.hydra.core.run.RunCause.MANUAL);
    java.util.Optional<Attempt> attempt = store.read(tx -> tx.attempts().get(run.id(), 1));
    assertThat(attempt).isEmpty();
    assertThat(launcher.launchesOf("overlapping")).isZero();
  }

  @Test
  void underALauncherBudgetTheDispatcherKeepsQueueOrder() {
    launcher.capacity(new Capacity(4.0, 8192));
    define("hourly", "forbid");

    fireAt(ELEVEN.plusMillis(5));

    assertThat(run("hourly").state()).isEqualTo(RunState.QUEUED);
    assertThat(launcher.launchesOf("hourly")).isZero();
  }

  @Test
  void aQueuedConcurrencyRunIsLeftToTheDispatcher() {
    define("queued", "queue");

    fireAt(ELEVEN.plusMillis(5));

    assertThat(run("queued").state()).isEqualTo(RunState.QUEUED);
    assertThat(launcher.launchesOf("queued")).isZero();
  }

  @Test
  void aPausedJobsFireIsRecordedSkippedAndNotStarted() {
    define("hourly", "forbid");
    jobs.setPaused("hourly", true, "test");

    fireAt(ELEVEN.plusMillis(5));

    assertThat(run("hourly").state()).isEqualTo(RunState.SKIPPED);
    assertThat(launcher.launchesOf("hourly")).isZero();
  }

  private void define(String name, String concurrency) {
    jobs.create(
        JobSpecReader.fromYaml(
            "name: "
                + name
                + "\nconcurrency: "
                + concurrency
                + "\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n"),
        "test",
        null);
  }

  private void fireAt(Instant now) {
    firing.reload();
    clock.set(now);
    firing.fireDue();
  }

  private Run run(String job) {
    return store.read(tx -> tx.runReads().find(job, ELEVEN)).orElseThrow();
  }
}
