package io.hydra.scheduler.launch;

import io.hydra.core.queue.FairShare;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.TaskLocation;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The narrow interface between the engine and whatever runs tasks (local processes, Mesos).
 *
 * <p>Outcomes flow back as {@link TaskStatus} events to the listener given to {@link #start}, from
 * any thread. The engine records an attempt as {@code launching} (committed) before it calls {@link
 * #launch}, so a launcher never needs to remember anything across a crash: after a restart the
 * engine calls {@link #reconcile} with every attempt it believes active, and the launcher answers
 * with a status for each.
 *
 * <p>Threads and time. {@link #launch}, {@link #kill} and {@link #reconcile} may take a while: a
 * local start forks and waits for the task's wrapper to set up its process group (a few ms, at most
 * a second), a Mesos call goes over HTTP. The engine never makes them on its scheduling loop: it
 * wraps its launcher in an {@link OffThreadLauncher}, which makes them from a small pool of
 * threads, so an implementation must accept calls about different tasks at the same time. Calls
 * about one task come one at a time, in order (a kill after its task's launch), and a kill comes
 * before any launch asked for after it. Neither call waits for the task itself to run or end.
 * Failures are reported as statuses rather than thrown; a launch that throws anyway is reported
 * {@link TaskState#FAILED} by the wrapper. {@link #name}, {@link #capacity} and {@link #openLog}
 * are called from any thread, the first two inside the engine's transactions, and must return at
 * once.
 */
public interface Launcher extends AutoCloseable {

  /** A short name stored with each attempt, e.g. {@code local} or {@code mesos}. */
  String name();

  /** Begins delivering status events to {@code listener}; called once before anything else. */
  void start(TaskStatusListener listener);

  /**
   * Starts a task; may take as long as starting it takes, never as long as running it. Reports
   * RUNNING, then a terminal status.
   */
  void launch(LaunchRequest request);

  /** Asks a task (and everything it started) to stop; reports KILLED when it has. */
  void kill(String taskId);

  /**
   * Reports the current status of each task the engine believes active. A task still running is
   * adopted (its end is reported later); one that ended is reported with its exit code; one that
   * never started is reported {@link TaskState#NOT_STARTED}. A launcher that cannot see where a
   * task was recorded to run ({@link KnownTask#location}) reports it {@link TaskState#LOST}, never
   * NOT_STARTED: it may have run there.
   */
  void reconcile(Collection<KnownTask> tasks);

  /**
   * Called by the engine once the status is committed to the store (or found to be a duplicate).
   * Launchers whose source redelivers unacknowledged updates (Mesos) acknowledge only here, so an
   * update is never lost between the launcher and the database.
   */
  default void acknowledge(TaskStatus status) {}

  /**
   * The order the engine starts queued runs in (priority, then owners' fair share), for a launcher
   * that queues work itself before it can start it (Mesos, waiting for offers): it should take its
   * own queue in the same order. Launchers that start work at once ignore it.
   */
  default void orderBy(FairShare share) {}

  /**
   * The total cpus and memory this launcher may use at once, if it has a fixed budget (the local
   * machine); empty when something else decides (Mesos offers). The engine starts a queued run only
   * while the running attempts' needs plus its own fit in this budget.
   */
  default Optional<Capacity> capacity() {
    return Optional.empty();
  }

  /**
   * Where every task this launcher starts runs, when that is known before the launch and the same
   * for all (the local launcher: this host's sandbox root); empty when it is known per task, later
   * (Mesos: the agent, reported with the task's status). The engine records it with each attempt it
   * writes as launching, and gives it back in {@link KnownTask} to {@link #reconcile}.
   */
  default Optional<TaskLocation> location() {
    return Optional.empty();
  }

  /**
   * How long work has waited for somewhere to run, once that is longer than the launcher expects
   * (Mesos: no offer for several allocation intervals, after which it revives again); empty while
   * things go as they should. Shown in a launching run's {@code why}. Must return at once.
   */
  default Optional<Duration> starvedFor() {
    return Optional.empty();
  }

  /** The task's stdout or stderr, if the launcher keeps it. */
  Optional<InputStream> openLog(String taskId, LogStream stream);

  /**
   * Stops watching tasks. Running tasks are left running, to be re-adopted after a restart. The
   * engine calls it once the calls it made have returned (or after a grace period).
   */
  @Override
  void close();

  /**
   * An attempt the engine believes active, as it is recorded in the store.
   *
   * @param location where the attempt was recorded to run; null if unknown (recorded before
   *     locations were, or a Mesos task whose agent never reported). A launcher concludes {@link
   *     TaskState#NOT_STARTED} only from the location the task was recorded in.
   * @param sent whether the launcher recorded, before handing the task on, that it did (Mesos: the
   *     ACCEPT that carried it). A task not sent that its backend does not know provably never
   *     started. Launchers that record no hand-over (local) ignore it
   */
  record KnownTask(String taskId, boolean launching, TaskLocation location, boolean sent) {

    /** A task that may have been handed on, since nothing recorded otherwise. */
    public KnownTask(String taskId, boolean launching, TaskLocation location) {
      this(taskId, launching, location, true);
    }

    /** A task whose location is not known, and that may have been handed on. */
    public KnownTask(String taskId, boolean launching) {
      this(taskId, launching, null, true);
    }
  }
}
