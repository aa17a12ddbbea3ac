package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.Store;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
    try (ReportApplier applier =
        applier(store, leads::get, wakes::incrementAndGet, () -> false, new TasksInFlight())) {
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
    try (ReportApplier applier =
        applier(fenced, () -> true, () -> {}, () -> false, new TasksInFlight())) {
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

  /**
   * While reports stream in, a report waits for others to share its commit, but only while another
   * task is out: the end of the only one (a chain's next hop) goes at once. The linger here is an
   * hour, so a report that lingered would not be applied within the test's deadline.
   */
  @Test
  void theEndOfTheOnlyTaskOutIsAppliedWithoutLingering() {
    long id = hangingRun("alone");
    String task = taskOf("alone");
    TasksInFlight inFlight = new TasksInFlight();
    inFlight.launched(1);
    try (ReportApplier applier = streamingApplier(inFlight)) {
      applier.report(new TaskStatus(task, TaskState.SUCCEEDED, 0, null, clock.now()));
      awaitApplied(id);
    }
  }

  /**
   * With two tasks out, the first end waits for the second, and both are applied together once the
   * second is in, without waiting out the linger.
   */
  @Test
  void anEndWaitsWhileAnotherTaskIsOutThenBothAreAppliedTogether() {
    long first = hangingRun("pair-a");
    long second = hangingRun("pair-b");
    TasksInFlight inFlight = new TasksInFlight();
    inFlight.launched(2);
    try (ReportApplier applier = streamingApplier(inFlight)) {
      applier.report(new TaskStatus(taskOf("pair-a"), TaskState.SUCCEEDED, 0, null, clock.now()));
      Await.until("the first end is taken in", WAIT, () -> applier.held() == 1);
      assertThat(run(first).state()).isEqualTo(RunState.RUNNING);

      applier.report(new TaskStatus(taskOf("pair-b"), TaskState.SUCCEEDED, 0, null, clock.now()));
      awaitApplied(first);
      awaitApplied(second);
    }
  }

  /**
   * A started applier that lingers an hour, with reports streaming in: it has just applied the end
   * of a task of its own (counted in {@code inFlight} here), so what comes next counts as
   * streaming.
   */
  private ReportApplier streamingApplier(TasksInFlight inFlight) {
    long warm = hangingRun("warm");
    inFlight.launched(1);
    Duration hour = Duration.ofHours(1);
    ReportApplier applier =
        applier(
            store,
            () -> true,
            () -> {},
            () -> false,
            inFlight,
            new ReportApplier.Lingering(hour, hour));
    applier.start();
    // The first report after a quiet spell goes at once.
    applier.report(new TaskStatus(taskOf("warm"), TaskState.SUCCEEDED, 0, null, clock.now()));
    awaitApplied(warm);
    return applier;
  }

  private String taskOf(String job) {
    return launcher.launched().stream()
        .filter(r -> r.job().equals(job))
        .findFirst()
        .orElseThrow()
        .taskId();
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
    return applier(
        store, () -> true, wakes::incrementAndGet, backlog::pending, new TasksInFlight());
  }

  private ReportApplier applier(
      Store writes,
      BooleanSupplier leads,
      Runnable wakes,
      BooleanSupplier startsPending,
      TasksInFlight inFlight) {
    return applier(writes, leads, wakes, startsPending, inFlight, ReportApplier.Lingering.DEFAULT);
  }

  /** An applier writing through {@code writes}, 200 reports a batch, polling every 20 ms. */
  private ReportApplier applier(
      Store writes,
      BooleanSupplier leads,
      Runnable wakes,
      BooleanSupplier startsPending,
      TasksInFlight inFlight,
      ReportApplier.Lingering lingering) {
    StatusHandler statuses =
        new StatusHandler(
            writes, engine.catalog(), new RunTransitions(engine.catalog()), clock, launcher);
    return new ReportApplier(
        statuses,
        leads,
        wakes,
        200,
        Duration.ofMillis(20),
        startsPending,
        store.outages(),
        inFlight,
        lingering);
  }
}
