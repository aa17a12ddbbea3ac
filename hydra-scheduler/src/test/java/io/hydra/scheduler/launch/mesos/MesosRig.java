package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A test master with one agent and launchers against it, closed together. A launcher closed without
 * a word to the master is what a {@code kill -9} of Hydra looks like to Mesos.
 */
final class MesosRig implements AutoCloseable {

  final FakeMesosMaster master;
  final InMemoryFrameworkIdStore ids = new InMemoryFrameworkIdStore();
  final InMemoryLaunchJournal journal = new InMemoryLaunchJournal();
  private final List<MesosLauncher> closeLater = new ArrayList<>();
  private final OfferTiming timing;

  StatusRecorder statuses;
  MesosLauncher launcher;

  /** One agent of {@code cpus} and {@code mem}, the master allocating every {@code interval}. */
  MesosRig(Duration interval, double cpus, double mem, Duration linger) {
    this(interval, cpus, mem, linger, 3);
  }

  /** With the watchdog firing after {@code starvedAfter} intervals. */
  MesosRig(Duration interval, double cpus, double mem, Duration linger, int starvedAfter) {
    master =
        new FakeMesosMaster()
            .allocationInterval(interval)
            .agent("a1", "host1", Map.of("rack", "r1"), cpus, mem);
    timing = new OfferTiming(interval, linger, starvedAfter);
  }

  /** A new launcher (a restarted Hydra), subscribed. */
  MesosLauncher start() {
    return start(journal);
  }

  MesosLauncher start(LaunchJournal j) {
    statuses = new StatusRecorder();
    launcher =
        new MesosLauncher(
            MesosLauncherTest.config(List.of(master.uri())), ids, j, timing, Clock.system());
    statuses.attach(launcher);
    closeLater.add(launcher);
    launcher.start(statuses);
    Await.until("subscribed", StatusRecorder.WAIT, master::subscribed);
    return launcher;
  }

  /** Hydra dies: the launcher stops without telling the master anything. */
  void crash() {
    launcher.close();
    Await.until("master sees the disconnect", StatusRecorder.WAIT, () -> !master.subscribed());
  }

  static LaunchRequest tiny(String taskId) {
    return sized(taskId, 0.01, 16);
  }

  static LaunchRequest sized(String taskId, double cpus, double mem) {
    return new LaunchRequest(
        taskId,
        MesosLauncher.jobOf(taskId),
        "true",
        List.of(),
        Map.of(),
        cpus,
        mem,
        0,
        0,
        null,
        List.of());
  }

  @Override
  public void close() {
    for (int i = closeLater.size() - 1; i >= 0; i--) {
      closeLater.get(i).close();
    }
    master.close();
    assertThat(master.violations()).as("protocol violations").isEmpty();
  }
}
