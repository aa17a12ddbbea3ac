package io.hydra.scheduler.launch.local;

import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-attaches to tasks that outlived the launcher instance that started them (a Hydra restart or
 * crash): their sandbox's {@code pid} and {@code exit} files, not this JVM, say whether they still
 * run or how they ended.
 */
final class Adoption {

  private static final Logger log = LoggerFactory.getLogger(Adoption.class);

  /** An adopted task is not our child, so its end can only be noticed by looking. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final Path tasksDir;
  private final TaskLocation location;
  private final WatchedTasks watched;

  Adoption(Path tasksDir, TaskLocation location, WatchedTasks watched) {
    this.tasksDir = tasksDir;
    this.location = location;
    this.watched = watched;
  }

  /**
   * Inspects the sandboxes of tasks recorded in this root. A task recorded in another location
   * (another host, or another tasks directory here) has its pid and exit files there, out of sight:
   * its absence here proves nothing, so it is reported LOST, naming where it ran, and never
   * NOT_STARTED (which would start it again without counting a retry, while it may have run or
   * still run there). An attempt recorded without a location (before locations were recorded) is
   * taken to be in this root, as it always was.
   */
  void reconcile(Collection<KnownTask> known) {
    for (KnownTask task : known) {
      try {
        if (task.location() != null && !task.location().equals(location)) {
          watched.report(
              task.taskId(), TaskState.LOST, null, SandboxRoot.unseen(task.location(), location));
          continue;
        }
        inspect(task.taskId());
      } catch (RuntimeException e) {
        log.warn("Task {}: reconciliation failed", task.taskId(), e);
        watched.report(
            task.taskId(), TaskState.LOST, null, "could not inspect the task's sandbox: " + e);
      }
    }
  }

  /** Reports what the sandbox of {@code taskId} shows, adopting the task if it still runs. */
  void inspect(String taskId) {
    Optional<TaskDirectory> maybeDir = TaskDirectory.of(tasksDir, taskId);
    if (maybeDir.isEmpty()) {
      watched.report(
          taskId, TaskState.NOT_STARTED, null, "invalid task id; it cannot have a sandbox");
      return;
    }
    if (watched.reportRunningIfWatched(taskId)) {
      return;
    }
    TaskDirectory dir = maybeDir.get();
    OptionalInt exit = dir.readExitCode();
    if (exit.isPresent()) {
      watched.report(Outcomes.ended(taskId, false, exit, null, Instant.now()));
      return;
    }
    if (!dir.wasStarted()) {
      watched.report(
          taskId, TaskState.NOT_STARTED, null, "no pid file in " + dir + ": never started");
      return;
    }
    OptionalLong pid = dir.readPid();
    if (pid.isPresent() && isOurLiveWrapper(pid.getAsLong(), dir)) {
      adopt(dir, pid.getAsLong());
      return;
    }
    // Read again: the task may have ended between the first read and the liveness check.
    watched.report(Outcomes.ended(taskId, false, dir.readExitCode(), null, Instant.now()));
  }

  /** Live, and its command line is our wrapper for this very sandbox (a reused pid is not). */
  private static boolean isOurLiveWrapper(long pid, TaskDirectory dir) {
    return ProcessInfo.isLive(pid) && TaskWrapper.isWrapperOf(ProcessInfo.cmdline(pid), dir.root());
  }

  private void adopt(TaskDirectory dir, long pid) {
    String taskId = dir.taskId();
    // The wrapper leads its own group; fall back to its pid (which the group id equals) if it
    // exited between the checks, so that surviving members can still be reached by kill().
    long pgid = ProcessInfo.ownSessionGroup(pid).orElse(pid);
    LocalTask task = LocalTask.adopted(dir, pid, pgid);
    if (!watched.claim(task)) {
      watched.reportRunningIfWatched(taskId);
      return;
    }
    log.info("Task {}: adopted running task, pid {}", taskId, pid);
    watched.report(taskId, TaskState.RUNNING, null, "adopted running task, pid " + pid);
    try {
      long poll = POLL_INTERVAL.toMillis();
      task.watchWith(
          watched
              .watcher()
              .scheduleWithFixedDelay(() -> pollAdopted(task), poll, poll, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      watched.release(task);
      log.debug("Task {}: launcher closed; not watching it", taskId);
    }
  }

  /** Runs on the watcher thread. */
  private void pollAdopted(LocalTask task) {
    try {
      TaskDirectory dir = task.dir();
      OptionalInt exit = dir.readExitCode();
      if (exit.isEmpty()) {
        if (isOurLiveWrapper(task.pid(), dir)) {
          return;
        }
        exit = dir.readExitCode();
      }
      watched.finish(task, exit, null);
    } catch (RuntimeException e) {
      // An exception would silently end the periodic check; log and keep watching.
      log.warn("Task {}: watching failed", task.taskId(), e);
    }
  }
}
