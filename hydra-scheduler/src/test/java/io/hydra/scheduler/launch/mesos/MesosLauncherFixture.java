package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.store.testing.Await;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the Mesos launcher tests share: an in-process master with two agents, a launcher started
 * against it with an in-memory framework id store and launch journal, and the statuses it reports.
 */
abstract class MesosLauncherFixture {

  static final Duration WAIT = StatusRecorder.WAIT;

  FakeMesosMaster master;
  final List<AutoCloseable> closeLater = new ArrayList<>();
  final InMemoryFrameworkIdStore ids = new InMemoryFrameworkIdStore();
  final InMemoryLaunchJournal journal = new InMemoryLaunchJournal();

  /** A fast allocator, so the tests take allocation cycles without taking seconds. */
  static final Duration ALLOCATION = Duration.ofMillis(50);

  static final OfferTiming TIMING = new OfferTiming(ALLOCATION, Duration.ofMillis(5), 3);
  StatusRecorder statuses;
  MesosLauncher launcher;

  @BeforeEach
  void setUp() {
    master =
        new FakeMesosMaster()
            .allocationInterval(ALLOCATION)
            .agent("a1", "host1", Map.of("rack", "r1"), 4, 4096)
            .agent("a2", "host2", Map.of("rack", "r2"), 4, 4096);
    closeLater.add(master);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
    if (master != null) {
      assertThat(master.violations()).as("protocol violations").isEmpty();
    }
  }

  static MesosConfig config(List<URI> masters) {
    return MesosConfig.of(masters)
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
        .withRefuseSeconds(5);
  }

  MesosLauncher start(MesosConfig config) {
    statuses = new StatusRecorder();
    launcher = new MesosLauncher(config, ids, journal, TIMING, Clock.system());
    statuses.attach(launcher);
    closeLater.add(launcher);
    launcher.start(statuses);
    return launcher;
  }

  MesosLauncher start() {
    MesosLauncher l = start(config(List.of(master.uri())));
    Await.until("subscribed", WAIT, master::subscribed);
    return l;
  }

  static LaunchRequest request(String taskId, String command) {
    return new LaunchRequest(
        taskId,
        jobOf(taskId),
        command,
        List.of(),
        Map.of("MODE", "test"),
        0.5,
        256,
        0,
        0,
        null,
        List.of());
  }

  static LaunchRequest request(String taskId, List<List<String>> constraints) {
    return new LaunchRequest(
        taskId,
        jobOf(taskId),
        "true",
        List.of(),
        Map.of(),
        1,
        128,
        0,
        0,
        null,
        List.of(),
        Map.of(),
        constraints);
  }

  static String jobOf(String taskId) {
    return MesosLauncher.jobOf(taskId);
  }
}
