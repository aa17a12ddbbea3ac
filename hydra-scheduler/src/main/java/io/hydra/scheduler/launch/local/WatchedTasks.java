package io.hydra.scheduler.launch.local;

import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks one {@link LocalLauncher} instance watches, the one daemon thread that watches them,
 * and the listener their statuses go to. Spawning, adoption and killing all go through it, so that
 * a task id is watched at most once and its terminal status is reported exactly once, whichever of
 * them sees the end first.
 */
final class WatchedTasks {

  private static final Logger log = LoggerFactory.getLogger(WatchedTasks.class);

  private final Map<String, LocalTask> tasks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "hydra-local-launcher");
            thread.setDaemon(true);
            return thread;
          });
  private volatile TaskStatusListener listener;
  private volatile boolean closed;

  void listenWith(TaskStatusListener listener) {
    this.listener = listener;
  }

  boolean isClosed() {
    return closed;
  }

  /** The thread task ends are observed on; rejects work once the launcher is closed. */
  ScheduledExecutorService watcher() {
    return watcher;
  }

  /** Claims the task's id; false if this instance already watches a task with that id. */
  boolean claim(LocalTask task) {
    return tasks.putIfAbsent(task.taskId(), task) == null;
  }

  void release(LocalTask task) {
    tasks.remove(task.taskId(), task);
  }

  /** The watched task with this id, or null. */
  LocalTask get(String taskId) {
    return tasks.get(taskId);
  }

  /** Reports RUNNING if this instance watches the task and it has not ended; returns whether. */
  boolean reportRunningIfWatched(String taskId) {
    LocalTask watched = tasks.get(taskId);
    if (watched == null || watched.isFinished()) {
      return false;
    }
    report(taskId, TaskState.RUNNING, null, "already watched by this launcher");
    return true;
  }

  /** Reports the terminal status of {@code task}, exactly once. */
  void finish(LocalTask task, OptionalInt recorded, Integer wrapperExit) {
    if (!task.markFinished()) {
      return;
    }
    tasks.remove(task.taskId(), task);
    TaskStatus status =
        Outcomes.ended(task.taskId(), task.killRequested(), recorded, wrapperExit, Instant.now());
    String detail = status.message() == null ? "" : " (" + status.message() + ")";
    log.info("Task {}: {}{}", task.taskId(), status.state(), detail);
    report(status);
  }

  void report(String taskId, TaskState state, Integer exitCode, String message) {
    report(new TaskStatus(taskId, state, exitCode, message, Instant.now()));
  }

  void report(TaskStatus status) {
    TaskStatusListener target = listener;
    if (closed || target == null) {
      log.debug("Dropping status {} ({})", status, closed ? "launcher closed" : "not started");
      return;
    }
    try {
      target.onStatus(status);
    } catch (RuntimeException e) {
      log.warn("Task {}: status listener failed on {}", status.taskId(), status.state(), e);
    }
  }

  /** Stops watching; the tasks themselves keep running, for a later instance to adopt. */
  void close() {
    closed = true;
    watcher.shutdownNow();
    if (!tasks.isEmpty()) {
      log.info("Launcher closed; leaving tasks {} running for re-adoption", tasks.keySet());
    }
    tasks.clear();
  }
}
