package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reports are applied beside the engine loop, and only while the instance leads. The fixture's
 * stepped engine only sets up a running task; each test's own applier runs on its own thread, as in
 * production, so what it applies is waited for with a deadline.
 */
class ReportApplierTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  @Test
  void aReportTakenInWhileFollowingIsHeldThenAppliedOnceLeading() {
    long id = hangingRun("held");
    String task = launcher.launched().get(0).taskId();

    AtomicBoolean leads = new AtomicBoolean(false);
    AtomicInteger wakes = new AtomicInteger();
    StatusHandler statuses =
        new StatusHandler(
            store, engine.catalog(), new RunTransitions(engine.catalog()), clock, launcher);
    try (ReportApplier applier =
        new ReportApplier(
            statuses,
            leads::get,
            wakes::incrementAndGet,
            200,
            Duration.ofMillis(20),
            () -> false,
            store.outages())) {
      applier.start();
      applier.report(new TaskStatus(task, TaskState.SUCCEEDED, 0, null, clock.now()));

      Await.until("the report is held", WAIT, () -> applier.held() == 1);
      assertThat(run(id).state()).isEqualTo(RunState.RUNNING);
      assertThat(wakes).hasValue(0);

      leads.set(true);
      awaitApplied(id);
      Await.until("the engine is woken for what the end released", WAIT, () -> wakes.get() == 1);
      Await.until("nothing is held any more", WAIT, () -> applier.held() == 0);
    }
  }

  @Test
  void reportsAreHeldWhileTheLeaseCannotBeCheckedThenApplied() {
    long id = hangingRun("fenced");
    String task = launcher.launched().get(0).taskId();

    AtomicBoolean fenceHolds = new AtomicBoolean(false);
    var fenced =
        store.guardedBy(
            tx -> {
              if (!fenceHolds.get()) {
                throw new io.hydra.scheduler.ha.NotLeaderException("lease lapsed");
              }
            });
    StatusHandler statuses =
        new StatusHandler(
            fenced, engine.catalog(), new RunTransitions(engine.catalog()), clock, launcher);
    try (ReportApplier applier =
        new ReportApplier(
            statuses,
            () -> true,
            () -> {},
            200,
            Duration.ofMillis(20),
            () -> false,
            store.outages())) {
      applier.start();
      applier.report(new TaskStatus(task, TaskState.SUCCEEDED, 0, null, clock.now()));

      Await.until("the report is held", WAIT, () -> applier.held() == 1);
      assertThat(run(id).state()).isEqualTo(RunState.RUNNING);

      fenceHolds.set(true);
      awaitApplied(id);
    }
  }

  @Test
  void reportsWaitWhileTheLoopStartsABacklogThenAreApplied() {
    long id = hangingRun("behind");
    String task = launcher.launched().get(0).taskId();

    StartBacklog backlog = new StartBacklog();
    backlog.more();
    AtomicInteger wakes = new AtomicInteger();
    try (ReportApplier applier = applier(backlog, wakes)) {
      applier.start();
      applier.report(new TaskStatus(task, TaskState.SUCCEEDED, 0, null, clock.now()));

      Await.until("the report is held", WAIT, () -> applier.held() == 1);
      assertThat(run(id).state()).isEqualTo(RunState.RUNNING);

      backlog.drained();
      awaitApplied(id);
      Await.until("the engine is woken for what the end released", WAIT, () -> wakes.get() == 1);
    }
  }

  @Test
  void aBacklogThatLastsHoldsReportsBackOnlyForAWhile() {
    long id = hangingRun("long-backlog");
    String task = launcher.launched().get(0).taskId();

    StartBacklog backlog = new StartBacklog();
    backlog.more(); // and never drained
    try (ReportApplier applier = applier(backlog, new AtomicInteger())) {
      applier.start();
      long reported = System.nanoTime();
      applier.report(new TaskStatus(task, TaskState.SUCCEEDED, 0, null, clock.now()));

      awaitApplied(id);
      assertThat(Duration.ofNanos(System.nanoTime() - reported))
          .isGreaterThanOrEqualTo(ReportApplier.MAX_HOLD);
    }
  }

  /** Until the applier under test, on its own thread, has recorded the run's success. */
  private void awaitApplied(long id) {
    Await.until("run " + id + " is succeeded", WAIT, () -> run(id).state() == RunState.SUCCEEDED);
  }

  /** A triggered run of a new job whose task runs until ended by a report; its id. */
  private long hangingRun(String job) {
    define("name: " + job + "\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang(job);
    long id = runs.trigger(job, T, Map.of()).run().id();
    // The run is recorded running before its attempt is launched: wait for the launch itself.
    awaitLaunches(job, 1);
    return id;
  }

  private ReportApplier applier(StartBacklog backlog, AtomicInteger wakes) {
    StatusHandler statuses =
        new StatusHandler(
            store, engine.catalog(), new RunTransitions(engine.catalog()), clock, launcher);
    return new ReportApplier(
        statuses,
        () -> true,
        wakes::incrementAndGet,
        200,
        Duration.ofMillis(20),
        backlog::pending,
        store.outages());
  }
}
