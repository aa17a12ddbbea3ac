package io.hydra.scheduler.launch.local;

import com.sun.management.OperatingSystemMXBean;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks as child processes of this machine (Linux).
 *
 * <p>Each task runs in its sandbox {@code <tasksDir>/<taskId>/} under {@link TaskWrapper}, in its
 * own session and process group, with output going to files ({@link Spawner}). Nothing about a task
 * lives only in this JVM: the sandbox's {@code pid} and {@code exit} files let a new instance,
 * after a crash or restart, re-adopt tasks that are still running and collect the exit codes of
 * those that ended meanwhile ({@link Adoption}); and a {@code pid} file stops the same task id from
 * being started twice. A kill reaches the task's whole tree ({@link ProcessKiller}).
 *
 * <p>Threads: {@link #launch}, {@link #kill} and {@link #reconcile} run on the caller's thread, and
 * may be called from several threads at once for different tasks; a launch returns once the process
 * has started (its wrapper's exec). Task ends are observed on one shared daemon thread, which calls
 * the listener ({@link WatchedTasks}).
 */
public final class LocalLauncher implements Launcher {

  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);

  private final Path tasksDir;
  private final TaskLocation location;
  private volatile Capacity budget = machineCapacity();
  private final WatchedTasks watched;
  private final ProcessKiller killer;
  private final Adoption adoption;
  private final Spawner spawner;

  public LocalLauncher(Path tasksDir) {
    this(tasksDir, DEFAULT_KILL_GRACE);
  }

  /**
   * @param killGrace how long {@link #kill} waits after SIGTERM before it sends SIGKILL
   */
  public LocalLauncher(Path tasksDir, Duration killGrace) {
    this(tasksDir, killGrace, System.getenv());
  }

  /** For tests: {@code hydraEnv} stands in for Hydra's own environment. */
  LocalLauncher(Path tasksDir, Duration killGrace, Map<String, String> hydraEnv) {
    this(tasksDir, killGrace, hydraEnv, ProcessStarter.best());
  }

  /** For tests: also how wrappers are started. */
  LocalLauncher(
      Path tasksDir, Duration killGrace, Map<String, String> hydraEnv, ProcessStarter starter) {
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("killGrace must not be negative: " + killGrace);
    }
    this.tasksDir = realDirectory(tasksDir);
    this.location = SandboxRoot.of(this.tasksDir);
    this.watched = new WatchedTasks();
    this.killer = new ProcessKiller(watched.watcher(), killGrace);
    this.adoption = new Adoption(this.tasksDir, location, watched);
    this.spawner = new Spawner(this.tasksDir, hydraEnv, watched, killer, adoption, starter);
  }

  @Override
  public String name() {
    return "local";
  }

  /** This host and sandbox root ({@link SandboxRoot}): where every task of this launcher runs. */
  @Override
  public Optional<TaskLocation> location() {
    return Optional.of(location);
  }

  /** The budget tasks share: by default this machine's cpus and physical memory. */
  @Override
  public Optional<Capacity> capacity() {
    return Optional.of(budget);
  }

  /** Sets the budget (e.g. from {@code --local-cpus}); returns this launcher. */
  public LocalLauncher withCapacity(Capacity capacity) {
    this.budget = capacity;
    return this;
  }

  static Capacity machineCapacity() {
    double memMb = 0;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      memMb = os.getTotalMemorySize() / (1024.0 * 1024.0);
    }
    return new Capacity(Runtime.getRuntime().availableProcessors(), memMb);
  }

  @Override
  public void start(TaskStatusListener listener) {
    watched.listenWith(listener);
  }

  @Override
  public void launch(LaunchRequest request) {
    if (request == null) {
      log.warn("Ignoring a null launch request");
      return;
    }
    String taskId = request.taskId();
    try {
      spawner.launch(request);
    } catch (RuntimeException e) {
      // launch() never throws: the engine learns about every failure as a status.
      log.warn("Task {}: launch failed", taskId, e);
      watched.report(taskId, TaskState.FAILED, null, "could not launch the task: " + e);
    }
  }

  @Override
  public void kill(String taskId) {
    LocalTask task = watched.get(taskId);
    if (task == null) {
      log.debug("Task {}: kill of an unknown or finished task; nothing to do", taskId);
      return;
    }
    if (task.requestKill()) {
      killer.kill(task);
    } else {
      log.debug("Task {}: kill already requested or the task is still starting", taskId);
    }
  }

  /** See {@link Adoption#reconcile}: tasks recorded in another location are LOST, never unseen. */
  @Override
  public void reconcile(Collection<KnownTask> known) {
    adoption.reconcile(known);
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    Optional<TaskDirectory> dir = TaskDirectory.of(tasksDir, taskId);
    if (dir.isEmpty()) {
      log.debug("Refusing log of invalid task id '{}'", taskId);
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(dir.get().log(stream)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      log.warn("Task {}: cannot open {}: {}", taskId, stream, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    watched.close();
  }

  private static Path realDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      // The real path goes into each wrapper's command line, which is how a later instance
      // recognises its wrappers; it must not depend on how this instance spelled the path.
      return dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create tasks directory " + dir, e);
    }
  }
}
