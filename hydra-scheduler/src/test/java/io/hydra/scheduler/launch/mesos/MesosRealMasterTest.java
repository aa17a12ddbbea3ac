package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.Engine;
import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.engine.JobCatalog;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher scenarios that a real cluster can show, against the Mesos master named by {@code
 * HYDRA_MESOS_MASTER} (e.g. {@code http://localhost:5050}) with at least one agent that has 0.5
 * cpus and 256 MB free. Optional: {@code HYDRA_MESOS_ROLE}, {@code HYDRA_MESOS_PRINCIPAL} and
 * {@code HYDRA_MESOS_SECRET}. Frameworks are registered with a one-minute failover timeout, so the
 * master forgets them soon after the test. Skipped when the variable is not set.
 */
class MesosRealMasterTest {

  private static final Duration WAIT = Duration.ofMinutes(2);

  private final List<AutoCloseable> closeLater = new ArrayList<>();
  private final InMemoryFrameworkIdStore ids = new InMemoryFrameworkIdStore();
  private final InMemoryLaunchJournal journal = new InMemoryLaunchJournal();
  private final String run = Long.toString(System.currentTimeMillis());
  private StatusRecorder statuses;
  private MesosLauncher launcher;

  @BeforeEach
  void needsAMaster() {
    assumeTrue(
        System.getenv("HYDRA_MESOS_MASTER") != null,
        "HYDRA_MESOS_MASTER is not set: skipping the tests against a real Mesos master "
            + "(see README, Running on Mesos)");
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
  }

  private static MesosConfig config() {
    return MesosConfig.of(MesosConfig.parseMasters(System.getenv("HYDRA_MESOS_MASTER")))
        .withRole(System.getenv("HYDRA_MESOS_ROLE"))
        .withCredentials(
            System.getenv("HYDRA_MESOS_PRINCIPAL"), System.getenv("HYDRA_MESOS_SECRET"))
        .withFailoverTimeout(Duration.ofMinutes(1))
        .withRefuseSeconds(1)
        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  private MesosLauncher start() {
    statuses = new StatusRecorder();
    launcher = new MesosLauncher(config(), ids, journal);
    statuses.attach(launcher);
    closeLater.add(launcher);
    launcher.start(statuses);
    return launcher;
  }

  private String taskId(String job) {
    return "hydra." + job + "." + run + ".1";
  }

  private static LaunchRequest shell(String taskId, String command) {
    return new LaunchRequest(
        taskId,
        MesosLauncher.jobOf(taskId),
        command,
        List.of(),
        Map.of("GREETING", "hello from hydra"),
        0.1,
        32,
        0,
        0,
        null,
        List.of());
  }

  private TaskStatus awaitEnd(String taskId) {
    return Await.value(
        taskId + " ended",
        WAIT,
        () ->
            statuses.of(taskId).stream()
                .filter(s -> s.state().isTerminal())
                .findFirst()
                .orElse(null));
  }

  @Test
  void aShellTaskRunsWithItsEnvironmentAndItsLogIsReadable() throws Exception {
    start();
    String id = taskId("echo");
    launcher.launch(shell(id, "echo \"$GREETING\"; echo oops >&2"));
    TaskStatus end = awaitEnd(id);
    assertThat(end.state()).as(end.toString()).isEqualTo(TaskState.SUCCEEDED);
    try (InputStream in = launcher.openLog(id, LogStream.STDOUT).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("hello from hydra");
    }
    try (InputStream in = launcher.openLog(id, LogStream.STDERR).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("oops");
    }
  }

  @Test
  void anArgsTaskFailsWithItsExitCode() {
    start();
    String id = taskId("exit3");
    launcher.launch(
        new LaunchRequest(
            id,
            "exit3",
            null,
            List.of("sh", "-c", "exit 3"),
            Map.of(),
            0.1,
            32,
            0,
            0,
            null,
            List.of()));
    TaskStatus end = awaitEnd(id);
    assertThat(end.state()).as(end.toString()).isEqualTo(TaskState.FAILED);
    assertThat(end.exitCode()).isEqualTo(3);
  }

  @Test
  void aRunningTaskIsKilled() {
    start();
    String id = taskId("sleep");
    launcher.launch(shell(id, "sleep 600"));
    statuses.await(id, TaskState.RUNNING);
    launcher.kill(id);
    assertThat(awaitEnd(id).state()).isEqualTo(TaskState.KILLED);
  }

  @Test
  void aRestartedLauncherFailsOverAndAdoptsItsTask() {
    start();
    String id = taskId("adopt");
    launcher.launch(shell(id, "sleep 600"));
    statuses.await(id, TaskState.RUNNING);
    String framework = Await.value("framework id stored", WAIT, () -> ids.load().orElse(null));
    launcher.close();

    start();
    launcher.reconcile(
        List.of(
            new Launcher.KnownTask(id, false),
            new Launcher.KnownTask(taskId("never-launched"), true)));
    statuses.await(id, TaskState.RUNNING);
    assertThat(awaitEnd(taskId("never-launched")).state()).isEqualTo(TaskState.LOST);
    assertThat(ids.load()).contains(framework);
    launcher.kill(id);
    assertThat(awaitEnd(id).state()).isEqualTo(TaskState.KILLED);
  }

  @Test
  void aTaskNoAgentSatisfiesWaitsUntilKilled() {
    start();
    String id = taskId("nowhere");
    launcher.launch(
        new LaunchRequest(
            id,
            "nowhere",
            "true",
            List.of(),
            Map.of(),
            0.1,
            32,
            0,
            0,
            null,
            List.of(),
            Map.of(),
            List.of(List.of("hostname", "EQUALS", "no-such-host-" + UUID.randomUUID()))));
    Await.until("queued", WAIT, () -> launcher.offerState().queued() == 1);
    launcher.kill(id);
    assertThat(awaitEnd(id).state()).isEqualTo(TaskState.KILLED);
  }

  @Test
  void aJobRunsThroughTheEngine() {
    try (Database db = TestDatabase.create()) {
      Store store = new Store(db.jdbi());
      MesosLauncher l =
          new MesosLauncher(
              config(),
              new StoredFrameworkIdStore(store, Clock.system()),
              new StoredLaunchJournal(store, Clock.system()));
      Engine engine =
          new Engine(
              store,
              l,
              Clock.system(),
              new EngineConfig(Duration.ofMillis(200), 200, 1000),
              new JobCatalog());
      try {
        engine.start();
        new JobService(store, engine)
            .create(
                JobSpecReader.fromYaml(
                    "name: real-mesos\nschedule: {cron: '0 2 * * *'}\n"
                        + "task: {command: 'echo $HYDRA_JOB', resources: {cpus: 0.1, mem: 32}}\n"),
                "test",
                null);
        Instant t = Instant.parse("2026-03-02T02:00:00Z");
        new RunService(store, engine).trigger("real-mesos", t, Map.of());
        Await.until(
            "the run ended",
            WAIT,
            () ->
                store
                    .read(tx -> tx.runReads().find("real-mesos", t))
                    .map(r -> r.state().isTerminal())
                    .orElse(false));
        Run done = store.read(tx -> tx.runReads().find("real-mesos", t)).orElseThrow();
        assertThat(done.state()).as(done.reason()).isEqualTo(RunState.SUCCEEDED);
        Attempt first = store.read(tx -> tx.attempts().get(done.id(), 1)).orElseThrow();
        assertThat(first.state()).isEqualTo(AttemptState.SUCCEEDED);
      } finally {
        engine.close();
      }
    }
  }

  /**
   * Issue #19, case 1 and 3: a burst of tiny tasks drains (no stalled wake-up) and rides on few
   * offers. Needs 2 cpus and 3.2 GB free on one agent, or spreads over several.
   */
  @Test
  void aBurstOf200TinyTasksAllRunAndEnd() {
    MesosLauncher l = start();
    int n = 200;
    long started = System.nanoTime();
    for (int i = 1; i <= n; i++) {
      l.launch(
          new LaunchRequest(
              "hydra.burst." + run + "." + i,
              "burst",
              "true",
              List.of(),
              Map.of(),
              0.01,
              16,
              0,
              0,
              null,
              List.of()));
    }
    Await.until(n + " tasks succeeded", WAIT, () -> statuses.tasksIn(TaskState.SUCCEEDED) == n);
    System.out.printf(
        "BURST %d tiny tasks on a real master: all succeeded in %d ms, %d offers accepted%n",
        n, (System.nanoTime() - started) / 1_000_000, l.offerCounts().accepted());
    assertThat(l.starvedFor()).isEmpty();
  }

  /** Issue #19, case 2: Hydra killed before any offer came; the restart proves it never started. */
  @Test
  void aCrashBeforeTheOfferLeavesTheAttemptNeverStarted() {
    String id = taskId("crash-early");
    MesosLauncher first = start();
    first.launch(shell(id, "true"));
    // Closing at once, before the first allocation, is the kill -9 of the report.
    first.close();
    MesosLauncher second = start();
    // Asked before or after it resubscribes: the subscription asks about every tracked task.
    second.reconcile(List.of(new Launcher.KnownTask(id, true, null, journal.wasSent(id))));
    TaskStatus s = awaitEnd(id);
    assertThat(s.state())
        .as("never sent: never started; sent before the crash: its real fate")
        .isIn(
            journal.wasSent(id)
                ? List.of(TaskState.SUCCEEDED, TaskState.LOST)
                : List.of(TaskState.NOT_STARTED));
  }
}
