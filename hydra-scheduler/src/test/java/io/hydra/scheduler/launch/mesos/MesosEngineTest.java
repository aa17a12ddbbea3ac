package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.AttemptState;
import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskLocation;
import io.hydra.core.time.SettableClock;
import io.hydra.scheduler.engine.CalendarService;
import io.hydra.scheduler.engine.Engine;
import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.engine.JobCatalog;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real engine on real PostgreSQL with the Mesos launcher and the in-process master: status
 * updates are committed before they are acknowledged, lost tasks follow the retry policy, and a
 * restarted Hydra fails over to its stored framework and adopts its task.
 */
class MesosEngineTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instant START = Instant.parse("2026-03-02T10:30:00Z");
  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private FakeMesosMaster master;
  private Database db;
  private Store store;
  private SettableClock clock;
  private Engine engine;
  private JobService jobs;
  private RunService runs;

  @BeforeEach
  void setUp() {
    master =
        new FakeMesosMaster()
            .allocationInterval(MesosLauncherTest.ALLOCATION)
            .agent("a1", "host1", Map.of("rack", "r1"), 4, 4096)
            .agent("a2", "host2", Map.of("rack", "r2"), 4, 4096);
    db = TestDatabase.create();
    store = new Store(db.jdbi());
    clock = new SettableClock(START);
    startEngine();
  }

  private void startEngine() {
    MesosLauncher launcher =
        new MesosLauncher(
            MesosLauncherTest.config(List.of(master.uri())),
            new StoredFrameworkIdStore(store, clock),
            new StoredLaunchJournal(store, clock),
            MesosLauncherTest.TIMING,
            clock);
    engine =
        new Engine(
            store,
            launcher,
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog());
    engine.start();
    jobs = new JobService(store, engine);
    runs = new RunService(store, engine);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    db.close();
    master.close();
    assertThat(master.violations()).as("protocol violations").isEmpty();
  }

  private void define(String yaml) {
    jobs.create(JobSpecReader.fromYaml(yaml), "test", null);
  }

  private Run run(String job) {
    return store.read(tx -> tx.runReads().find(job, T)).orElse(null);
  }

  private Run awaitState(String job, RunState state) {
    Await.until(
        job + " is " + state.wireName(), WAIT, () -> run(job) != null && run(job).state() == state);
    return run(job);
  }

  private Attempt attempt(String job, int n) {
    return store.read(tx -> tx.attempts().get(run(job).id(), n)).orElseThrow();
  }

  private static String task(String job, int attempt) {
    return "hydra." + job + "." + T.toEpochMilli() + "." + attempt;
  }

  @Test
  void aJobRunsOnMesosAndEveryUpdateIsCommittedBeforeItIsAcknowledged() {
    List<String> seenAtAck = new CopyOnWriteArrayList<>();
    // A plain read (no lock) sees only committed rows: what is committed at the moment Mesos
    // hears the acknowledgement. Only attempt 1 of etl runs here.
    master.onAcknowledge(
        s ->
            seenAtAck.add(
                s.getState()
                    + "->"
                    + store
                        .read(
                            tx ->
                                tx.runReads()
                                    .find("etl", T)
                                    .flatMap(r -> tx.attempts().get(r.id(), 1)))
                        .map(a -> a.state().name())
                        .orElse("none")));
    master.finishWith(Protos.TaskState.TASK_FINISHED);
    define(
        "name: etl\nlabels: {team: data}\nschedule: {cron: '0 2 * * *'}\n"
            + "task: {command: 'echo hi', resources: {cpus: 0.5, mem: 256}}\n");

    runs.trigger("etl", T, Map.of());
    Run done = awaitState("etl", RunState.SUCCEEDED);
    Await.until(
        "every update acknowledged",
        WAIT,
        () -> master.unacknowledged() == 0 && seenAtAck.size() == 2);

    assertThat(seenAtAck).containsExactly("TASK_RUNNING->RUNNING", "TASK_FINISHED->SUCCEEDED");
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(attempt("etl", 1).launcher()).isEqualTo("mesos");
    Protos.TaskInfo info = master.task(task("etl", 1));
    assertThat(info.getCommand().getEnvironment().getVariablesList())
        .anyMatch(
            v ->
                v.getName().equals("HYDRA_LOGICAL_TIME")
                    && v.getValue().equals("2026-03-02T02:00:00Z"));
    assertThat(info.getLabels().getLabelsList())
        .anyMatch(l -> l.getKey().equals("team") && l.getValue().equals("data"));
    Optional<String> stored = store.read(tx -> tx.settings().get(StoredFrameworkIdStore.SETTING));
    assertThat(stored).contains(master.frameworkId());
  }

  @Test
  void aTaskOnALostAgentIsLostAndRetriedOnAnotherAgent() {
    define(
        "name: etl\nretries: {max: 1, delay: PT0S}\nschedule: {cron: '0 2 * * *'}\n"
            + "task: {command: 'sleep 100', constraints: [[rack, EQUALS, r1]]}\n");
    runs.trigger("etl", T, Map.of());
    awaitState("etl", RunState.RUNNING);
    Await.until("attempt 1 running", WAIT, () -> attempt("etl", 1).state() == AttemptState.RUNNING);

    master.agent("a3", "host3", Map.of("rack", "r1"), 4, 4096);
    master.removeAgent("a1", false);
    Await.until("attempt 2 launched", WAIT, () -> master.task(task("etl", 2)) != null);
    assertThat(attempt("etl", 1).state()).isEqualTo(AttemptState.LOST);
    assertThat(attempt("etl", 1).reason()).contains("REASON_AGENT_REMOVED");
    assertThat(master.task(task("etl", 2)).getAgentId().getValue()).isEqualTo("a3");

    master.update(task("etl", 2), Protos.TaskState.TASK_FINISHED, null);
    Run done = awaitState("etl", RunState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
  }

  @Test
  void aTaskLaunchedOnARescindedOfferStartsAgainWithoutCountingAFailure() {
    master.rescindNextAccepts(1);
    master.finishWith(Protos.TaskState.TASK_FINISHED);
    define("name: etl\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    runs.trigger("etl", T, Map.of());
    Await.until(
        "attempt 1 never started",
        WAIT,
        () -> run("etl").attempts() >= 1 && attempt("etl", 1).state() == AttemptState.LOST);
    Run done = awaitState("etl", RunState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.failures()).isZero();
  }

  @Test
  void aTimeoutKillsTheTaskThroughMesos() {
    define(
        "name: slow\ntimeout: PT5M\nschedule: {cron: '0 2 * * *'}\n"
            + "task: {command: 'sleep 1000'}\n");
    runs.trigger("slow", T, Map.of());
    Await.until(
        "running",
        WAIT,
        () ->
            run("slow") != null
                && run("slow").attempts() == 1
                && attempt("slow", 1).state() == AttemptState.RUNNING);

    clock.advance(Duration.ofMinutes(5));
    engine.wake();

    Run failed = awaitState("slow", RunState.FAILED);
    assertThat(failed.reason()).contains("timed out");
    assertThat(master.calls(Call.Type.KILL))
        .extracting(c -> c.getKill().getTaskId().getValue())
        .containsExactly(task("slow", 1));
    assertThat(master.state(task("slow", 1))).isEqualTo(Protos.TaskState.TASK_KILLED);
  }

  @Test
  void aRestartedHydraFailsOverAndAdoptsItsRunningTaskWithoutRelaunching() throws Exception {
    define("name: etl\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'sleep 100'}\n");
    runs.trigger("etl", T, Map.of());
    Await.until(
        "running",
        WAIT,
        () ->
            run("etl") != null
                && run("etl").attempts() == 1
                && attempt("etl", 1).state() == AttemptState.RUNNING);
    String framework = master.frameworkId();
    engine.close(); // Hydra goes away; the task keeps running on the agent

    startEngine();
    Await.until(
        "resubscribed", WAIT, () -> master.subscriptions().size() == 2 && master.subscribed());
    assertThat(master.subscriptions().get(1)).isEqualTo(framework);
    Await.until(
        "explicit reconciliation of the active attempt",
        WAIT,
        () ->
            master.calls(Call.Type.RECONCILE).stream()
                .anyMatch(
                    c ->
                        c.getReconcile().getTasksList().stream()
                            .anyMatch(t -> t.getTaskId().getValue().equals(task("etl", 1)))));

    master.sandbox(task("etl", 1), "stdout", "still here\n");
    master.update(task("etl", 1), Protos.TaskState.TASK_FINISHED, null);
    Run done = awaitState("etl", RunState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(master.launches(task("etl", 1))).isEqualTo(1);
    try (InputStream in = runs.log(done.id(), 1, LogStream.STDOUT).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("still here\n");
    }
  }

  /** Issue #19, case 2: Hydra dies before the offer; the attempt provably never started. */
  @Test
  void anAttemptKilledBeforeItsOfferIsReplacedWithoutSpendingARetry() throws Exception {
    master.autoOffer(false);
    master.finishWith(Protos.TaskState.TASK_FINISHED);
    define(
        "name: etl\nretries: {max: 0}\nschedule: {cron: '0 2 * * *'}\n"
            + "task: {command: 'true'}\n");
    runs.trigger("etl", T, Map.of());
    Await.until(
        "attempt 1 waiting for an offer",
        WAIT,
        () -> run("etl") != null && !master.calls(Call.Type.REVIVE).isEmpty());
    engine.close();
    Set<String> neverSent = store.read(tx -> tx.attempts().activeNeverSent());
    assertThat(neverSent).containsExactly(task("etl", 1));

    master.autoOffer(true);
    startEngine();
    Run done = awaitState("etl", RunState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.failures()).isZero();
    assertThat(attempt("etl", 1).reason()).contains("never sent");
    assertThat(master.launches(task("etl", 1))).isZero();
  }

  /** Sent (recorded, with its agent) but unknown to the master: lost, and the policy decides. */
  @Test
  void aSentAttemptTheMasterDoesNotKnowIsLostAndFollowsTheRetryPolicy() throws Exception {
    define(
        "name: etl\nretries: {max: 0}\nschedule: {cron: '0 2 * * *'}\n"
            + "task: {command: 'sleep 100'}\n");
    runs.trigger("etl", T, Map.of());
    Await.until(
        "running",
        WAIT,
        () ->
            run("etl") != null
                && run("etl").attempts() == 1
                && attempt("etl", 1).state() == AttemptState.RUNNING);
    assertThat(attempt("etl", 1).location()).isEqualTo(TaskLocation.mesosAgent("a1", "127.0.0.1"));
    engine.close();
    master.forgetTask(task("etl", 1));

    startEngine();
    Run failed = awaitState("etl", RunState.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(attempt("etl", 1).state()).isEqualTo(AttemptState.LOST);
  }

  /** Issue #19, case 1: starved of offers, the run's why says so while the watchdog revives. */
  @Test
  void aRunStarvedOfOffersSaysSoInWhy() {
    master.loseRevives(Integer.MAX_VALUE);
    define("name: etl\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    runs.trigger("etl", T, Map.of());
    Await.until(
        "why names the missing offers",
        WAIT,
        () ->
            run("etl") != null
                && runs.why(run("etl").id()).reasons().stream()
                    .anyMatch(r -> r.kind().equals("offers")));
  }

  @Test
  void theSamplePipelineRunsOnMesosUnchanged() throws Exception {
    // The calendars the samples name first, as the demo loads them.
    try (Stream<Path> files = Files.list(Path.of("..", "sample-jobs", "calendars"))) {
      for (Path f : files.sorted().toList()) {
        JsonNode tree = Json.yaml().readTree(Files.readString(f));
        ((ObjectNode) tree).remove("kind");
        CalendarSpec calendar = JobSpecReader.fromTree(tree, CalendarSpec.class);
        new CalendarService(jobs).put(calendar.name(), calendar);
      }
    }
    Map<String, JobSpec> specs = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of("..", "sample-jobs"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        JobSpec spec = JobSpecReader.fromYaml(Files.readString(f));
        specs.put(spec.name(), spec);
      }
    }
    assertThat(specs).containsKeys("extract-orders", "load-warehouse", "daily-report");
    for (String name : JobGraph.of(specs.values()).topologicalOrder()) {
      jobs.create(specs.get(name), "test", null);
    }
    master.finishWith(Protos.TaskState.TASK_FINISHED);

    // transform-orders needs a fresh success of ingest-events (a freshness edge).
    runs.trigger("ingest-events", T, Map.of());
    awaitState("ingest-events", RunState.SUCCEEDED);
    runs.trigger("extract-orders", T, Map.of());
    awaitState("daily-report", RunState.SUCCEEDED);

    Protos.TaskInfo extract = master.task(task("extract-orders", 1));
    assertThat(extract.getResourcesList())
        .anyMatch(r -> r.getName().equals("mem") && r.getScalar().getValue() == 512.0);
    Protos.CommandInfo load = master.task(task("load-warehouse", 1)).getCommand();
    assertThat(load.getShell()).isFalse();
    assertThat(load.getArgumentsList()).startsWith("sh", "-c");
    Protos.TaskInfo report = master.task(task("daily-report", 1));
    assertThat(report.getResourcesList())
        .anyMatch(r -> r.getName().equals("cpus") && r.getScalar().getValue() == 0.1);
    Await.until("every update acknowledged", WAIT, () -> master.unacknowledged() == 0);
  }
}
