package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.mesos.v1.Protos;

/**
 * The Mesos launcher against the test master, with the engine's part played by a model: it launches
 * attempts, believes an attempt active until a terminal status, and hands the active ones to a
 * restarted launcher with whether the journal recorded them sent. Faults are the test's.
 */
final class MesosWorld implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration SETTLE = Duration.ofSeconds(10);

  /** At most this long between two launches of one thread of a concurrent burst. */
  private static final long PACE_NANOS = 3_000_000;

  final FakeMesosMaster master;
  final InMemoryLaunchJournal journal = new InMemoryLaunchJournal();
  private final InMemoryFrameworkIdStore ids = new InMemoryFrameworkIdStore();

  /**
   * The watchdog waits 100 intervals (2 s): longer than {@link #AGREE} so that a disagreement it
   * would repair is seen first. (On a full cluster it fires legitimately: no offers come.)
   */
  private final OfferTiming timing = new OfferTiming(INTERVAL, Duration.ofMillis(2), 100);

  /** How soon the master's suppression must match what the launcher last decided. */
  private static final Duration AGREE = Duration.ofMillis(1000);

  /** A REVIVE was lost on purpose: the watchdog may (must) fire. */
  private boolean reviveLost;

  final StatusRecorder statuses = new StatusRecorder();
  MesosLauncher launcher;

  /** The current process's wire to the master. */
  Wire wire;

  /** Every attempt launched, in order. */
  final List<String> launched = new ArrayList<>();

  private int nextTask;
  private int nextAgent;
  final List<String> log = new ArrayList<>();

  MesosWorld() {
    master = new FakeMesosMaster().allocationInterval(INTERVAL);
    addAgent(2, 2048);
    startLauncher();
  }

  private void startLauncher() {
    Wire w = new Wire();
    wire = w;
    launcher =
        new MesosLauncher(
            MesosLauncherTest.config(List.of(master.uri())),
            ids,
            w.journal(journal),
            timing,
            Clock.system(),
            w);
    statuses.attach(launcher);
    // A dead process tells the engine nothing more.
    launcher.start(
        status -> {
          if (!w.dead()) {
            statuses.onStatus(status);
          }
        });
  }

  void addAgent(double cpus, double mem) {
    nextAgent++;
    master.agent("a" + nextAgent, "host" + nextAgent, Map.of(), cpus, mem);
  }

  /** Attempts the model believes active: launched and without a terminal status. */
  Set<String> active() {
    Set<String> out = new LinkedHashSet<>();
    for (String id : launched) {
      if (statuses.of(id).stream().noneMatch(s -> s.state().isTerminal())) {
        out.add(id);
      }
    }
    return out;
  }

  void launch(int n, double cpus, double mem) {
    log.add("launch " + n + " x " + cpus + " cpus " + mem + " MB");
    for (LaunchRequest r : requests(n, cpus, mem)) {
      launcher.launch(r);
    }
  }

  /**
   * The engine's dispatch on several threads at once while offers are being answered, so launch
   * decisions interleave with the offer thread's suppress decisions.
   */
  void launchConcurrently(int n, double cpus, double mem, int threads) {
    log.add("launch " + n + " x " + cpus + " cpus " + mem + " MB on " + threads + " threads");
    List<LaunchRequest> all = requests(n, cpus, mem);
    MesosLauncher l = launcher;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = first; i < all.size(); i += threads) {
                  l.launch(all.get(i));
                  // Paced as the engine's dispatch is, so launches span offer cycles.
                  LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(PACE_NANOS));
                }
              });
      thread.start();
      started.add(thread);
    }
    for (Thread t : started) {
      Await.until("launch thread done", SETTLE, () -> !t.isAlive());
    }
  }

  private List<LaunchRequest> requests(int n, double cpus, double mem) {
    List<LaunchRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "hydra.model.1000." + ++nextTask;
      launched.add(id);
      out.add(
          new LaunchRequest(
              id, "model", "true", List.of(), Map.of(), cpus, mem, 0, 0, null, List.of()));
    }
    return out;
  }

  void kill(String taskId) {
    log.add("kill " + taskId);
    launcher.kill(taskId);
  }

  void finish(String taskId) {
    if (master.state(taskId) == Protos.TaskState.TASK_RUNNING) {
      log.add("finish " + taskId);
      master.update(taskId, Protos.TaskState.TASK_FINISHED, "Command exited with status 0");
    }
  }

  void rescindAnOffer() {
    List<String> offers = master.outstandingOffers();
    if (!offers.isEmpty()) {
      log.add("rescind " + offers.get(0));
      master.rescind(offers.get(0));
    }
  }

  /** An agent is lost (its tasks lost with it) and another, of a random size, joins. */
  void replaceAgent(boolean unreachable, double cpus, double mem) {
    List<String> agents = master.agentIds();
    if (agents.isEmpty()) {
      return;
    }
    log.add("lose agent " + agents.get(0) + ", add one of " + cpus + " cpus " + mem + " MB");
    master.removeAgent(agents.get(0), unreachable);
    addAgent(cpus, mem);
  }

  void slow(org.apache.mesos.v1.scheduler.Protos.Call.Type type, Duration delay) {
    log.add("slow " + type + " by " + delay.toMillis() + " ms");
    wire.slow(type, delay);
  }

  void dropConnection() {
    log.add("drop connection");
    master.dropConnection();
  }

  void loseRevive() {
    log.add("lose the next REVIVE");
    reviveLost = true;
    master.loseRevives(1);
  }

  /**
   * Hydra dies in the middle of a step: after {@code calls} more calls to the master (or, when
   * negative, just after the next launch is journaled), while a burst of {@code n} launches is
   * being dispatched. Then it restarts.
   */
  void crashMidBurst(int calls, int n) {
    log.add("die after " + (calls < 0 ? "the next journal commit" : calls + " calls") + " during");
    if (calls < 0) {
      wire.dieAfterNextJournal();
    } else {
      wire.dieAfterCalls(calls);
    }
    launchConcurrently(n, 0.01, 16, 2);
    Wire w = wire;
    // The dispatch runs on the launcher's threads; if the armed moment never comes (no offer, too
    // few calls), the process dies once that is certain enough.
    if (!Await.within(Duration.ofMillis(500), w::dead)) {
      w.die();
    }
    crashAndRestart();
  }

  /** Hydra is killed and comes back: the engine's active attempts are reconciled. */
  void crashAndRestart() {
    log.add("crash and restart");
    wire.die();
    launcher.close();
    startLauncher();
    List<KnownTask> known =
        active().stream().map(id -> new KnownTask(id, true, null, journal.wasSent(id))).toList();
    launcher.reconcile(known);
  }

  /**
   * After every step: nothing is launched twice, the protocol is kept, and unless a REVIVE was lost
   * on purpose the master's suppression soon matches the launcher's last decision. A SUPPRESS
   * arriving after the REVIVE decided later (the stalled burst) would leave them disagreeing until
   * the watchdog steps in, later than this allows.
   */
  void checkStep() {
    assertThat(launcher.offerState().waitsSuppressed())
        .as("work waits while the launcher's last word was SUPPRESS, after %s", log)
        .isFalse();
    if (!reviveLost) {
      Await.until(
          "master suppressed as the launcher decided after " + log,
          AGREE,
          () -> master.suppressed() == launcher.offerState().suppressed());
    }
    assertThat(master.violations()).as("protocol violations after %s", log).isEmpty();
    for (String id : launched) {
      assertThat(master.launches(id)).as("launches of %s after %s", id, log).isLessThanOrEqualTo(1);
    }
  }

  /**
   * Within a few allocation intervals of any step, work that waits has the framework revived and no
   * offer is held unused while work waits (the watchdog covers a REVIVE the master lost).
   */
  void checkNoIdleWait() {
    Await.until(
        "waiting work has the framework revived after " + log,
        SETTLE,
        () ->
            launcher.offerState().queued() == 0
                || !master.suppressed()
                || launcher.offerState().holdsOffers());
    Await.until(
        "no offer held while work waits after " + log,
        SETTLE,
        () -> launcher.offerState().queued() == 0 || !launcher.offerState().holdsOffers());
  }

  /**
   * Once the faults stop and tasks end by themselves: every attempt ends (succeeded, killed, lost
   * or proven never started), so none was left waiting for an offer it should have had; and the
   * idle framework ends suppressed.
   */
  void checkSettles() {
    log.add("settle");
    master.finishWith(Protos.TaskState.TASK_FINISHED);
    for (String id : active()) {
      finish(id);
    }
    Await.until("every attempt ended after " + log, SETTLE, () -> active().isEmpty());
    assertThat(launcher.offerState().queued()).as("waiting for an offer after %s", log).isZero();
    Await.until("idle framework suppressed after " + log, SETTLE, master::suppressed);
    checkStep();
  }

  @Override
  public void close() {
    launcher.close();
    master.close();
  }
}
