package io.hydra.scheduler.launch.local;

import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.TaskState;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a task under {@link TaskWrapper}, which records its pid before the task runs and its exit
 * code when it ends, in its own session and process group, with output to files ({@link
 * ProcessStarter}): so the task outlives this JVM, a later instance can find it, and a kill reaches
 * its whole tree.
 */
final class Spawner {

  static final File DEV_NULL = new File("/dev/null");

  private static final Logger log = LoggerFactory.getLogger(Spawner.class);

  /** Hydra's own variables that a task inherits; everything else comes from the request. */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "TMPDIR");

  /** Used when Hydra itself runs without PATH (some service managers), so tasks find tools. */
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private final Path tasksDir;
  private final Map<String, String> baseEnv;
  private final WatchedTasks watched;
  private final ProcessKiller killer;
  private final Adoption adoption;
  private final ProcessStarter starter;

  Spawner(
      Path tasksDir,
      Map<String, String> hydraEnv,
      WatchedTasks watched,
      ProcessKiller killer,
      Adoption adoption,
      ProcessStarter starter) {
    this.tasksDir = tasksDir;
    this.starter = starter;
    this.baseEnv = baseEnvironment(hydraEnv);
    this.watched = watched;
    this.killer = killer;
    this.adoption = adoption;
  }

  /** Starts the task, unless its sandbox shows it was started before: then adopts it instead. */
  void launch(LaunchRequest request) {
    String taskId = request.taskId();
    Optional<TaskDirectory> maybeDir = TaskDirectory.of(tasksDir, taskId);
    if (maybeDir.isEmpty()) {
      watched.report(taskId, TaskState.FAILED, null, "invalid task id '" + taskId + "'");
      return;
    }
    if (watched.isClosed()) {
      log.warn("Task {}: launcher is closed; not launching", taskId);
      return;
    }
    TaskDirectory dir = maybeDir.get();
    // Claim the id first, then look for a pid file: a task of ours that ends is released only
    // after its wrapper wrote the pid file, so one of the two checks always sees it.
    LocalTask task = LocalTask.starting(dir);
    if (!watched.claim(task)) {
      log.warn("Task {}: launch of a task already running here; not starting it again", taskId);
      watched.reportRunningIfWatched(taskId);
      return;
    }
    if (dir.wasStarted()) {
      watched.release(task);
      log.warn("Task {}: sandbox {} shows it was started before; adopting instead", taskId, dir);
      adoption.inspect(taskId);
      return;
    }
    start(request, task);
  }

  private void start(LaunchRequest request, LocalTask task) {
    String taskId = task.taskId();
    StartedProcess process;
    try {
      process = startProcess(request, task.dir());
    } catch (IOException | RuntimeException e) {
      watched.release(task);
      log.warn("Task {}: cannot start: {}", taskId, e.toString());
      watched.report(taskId, TaskState.FAILED, null, "could not start the task: " + e);
      return;
    }
    // A group not known at start is verified when a kill needs it (ProcessKiller), not here:
    // waiting for the wrapper's setsid() on every start held the launch thread for a tick or more.
    boolean killPending = task.started(process);
    log.info("Task {}: started, pid {}, sandbox {}", taskId, process.pid(), task.dir());
    watched.report(taskId, TaskState.RUNNING, null, "pid " + process.pid());
    try {
      process
          .exit()
          .whenCompleteAsync((status, error) -> processExited(task, status), watched.watcher());
    } catch (RejectedExecutionException e) {
      log.debug("Task {}: launcher closed while starting; leaving it running", taskId);
    }
    if (killPending) {
      killer.kill(task);
    }
  }

  private StartedProcess startProcess(LaunchRequest request, TaskDirectory dir) throws IOException {
    List<String> line = wrapped(request, dir);
    Files.createDirectories(dir.root());
    Map<String, String> env = new HashMap<>(baseEnv);
    env.putAll(request.env());
    return starter.start(line, env, dir);
  }

  private static List<String> wrapped(LaunchRequest request, TaskDirectory dir) {
    boolean hasCommand = request.command() != null && !request.command().isBlank();
    boolean hasArgs = !request.args().isEmpty();
    if (hasCommand == hasArgs) {
      throw new IllegalArgumentException(
          "a task needs exactly one of command and args, got " + (hasCommand ? "both" : "neither"));
    }
    return hasCommand
        ? TaskWrapper.commandLine(dir.root(), request.command())
        : TaskWrapper.commandLine(dir.root(), request.args());
  }

  /** Runs on the watcher thread when a process this instance started has exited. */
  private void processExited(LocalTask task, int status) {
    OptionalInt recorded = task.dir().readExitCode();
    watched.finish(task, recorded, status);
  }

  private static Map<String, String> baseEnvironment(Map<String, String> hydraEnv) {
    Map<String, String> base = new HashMap<>();
    base.put("PATH", DEFAULT_PATH);
    for (String name : INHERITED_ENV) {
      String value = hydraEnv.get(name);
      if (value != null) {
        base.put(name, value);
      }
    }
    return Map.copyOf(base);
  }
}
