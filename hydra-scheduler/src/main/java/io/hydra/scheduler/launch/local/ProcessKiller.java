package io.hydra.scheduler.launch.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a task's whole tree: a task may fork, daemonise children or ignore SIGTERM, and none of
 * that may survive a kill. The wrapper leads its own process group, so signalling the group reaches
 * every descendant that did not deliberately leave it.
 */
final class ProcessKiller {

  private static final Logger log = LoggerFactory.getLogger(ProcessKiller.class);

  /** How long a kill waits at most for a task just started to set up its own group. */
  private static final Duration GROUP_SETUP_TIMEOUT = Duration.ofSeconds(1);

  private final ScheduledExecutorService watcher;
  private final Duration killGrace;

  ProcessKiller(ScheduledExecutorService watcher, Duration killGrace) {
    this.watcher = watcher;
    this.killGrace = killGrace;
  }

  /** SIGTERM to the task's whole tree now, SIGKILL to whatever is left after the grace period. */
  void kill(LocalTask task) {
    String taskId = task.taskId();
    long pgid = verifiedGroup(task);
    if (pgid == 0) {
      killWithoutGroup(task);
      return;
    }
    log.info("Task {}: sending SIGTERM to process group {}", taskId, pgid);
    ProcessGroupSignals.signal(pgid, "TERM");
    try {
      watcher.schedule(() -> escalate(taskId, pgid), killGrace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.warn("Task {}: launcher closed; SIGKILL escalation will not happen", taskId);
    }
  }

  /**
   * The task's process group, verified (the wrapper leads its own session); 0 if it cannot be. A
   * wrapper started through {@code setsid} ({@link JdkProcessStarter}) may not have reached
   * setsid() yet, so a process of ours still alive is given a moment (setsid follows exec within
   * microseconds; the bound is for a pathological case).
   */
  private static long verifiedGroup(LocalTask task) {
    long pgid = task.pgid();
    if (pgid == 0 && task.pid() != 0) {
      pgid = awaitOwnGroup(task.pid(), task.process());
      task.verifiedGroup(pgid);
    }
    return pgid;
  }

  private static long awaitOwnGroup(long pid, Optional<StartedProcess> process) {
    long deadline = System.nanoTime() + GROUP_SETUP_TIMEOUT.toNanos();
    while (true) {
      Optional<Long> group = ProcessInfo.ownSessionGroup(pid);
      if (group.isPresent()) {
        return group.get();
      }
      boolean alive = process.map(StartedProcess::isAlive).orElse(false);
      if (!alive || System.nanoTime() > deadline) {
        return 0;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }

  private void escalate(String taskId, long pgid) {
    try {
      List<Long> survivors = ProcessInfo.liveGroupMembers(pgid);
      if (!survivors.isEmpty()) {
        log.warn(
            "Task {}: processes {} survived SIGTERM for {}; sending SIGKILL to group {}",
            taskId,
            survivors,
            killGrace,
            pgid);
        ProcessGroupSignals.signal(pgid, "KILL");
      }
    } catch (RuntimeException e) {
      log.warn("Task {}: SIGKILL escalation failed", taskId, e);
    }
  }

  /**
   * Fallback when the group could not be verified (the wrapper died before we could look): signal
   * the wrapper and its descendants one by one. Never signal a group we have not verified, since it
   * might be Hydra's own.
   */
  private void killWithoutGroup(LocalTask task) {
    Optional<ProcessHandle> root = ProcessHandle.of(task.pid());
    if (root.isEmpty()) {
      log.debug("Task {}: nothing left to kill", task.taskId());
      return;
    }
    log.info(
        "Task {}: process group unknown; signalling pid {} and its descendants",
        task.taskId(),
        root.get().pid());
    root.get().descendants().forEach(ProcessHandle::destroy);
    root.get().destroy();
    try {
      watcher.schedule(
          () -> {
            root.get().descendants().forEach(ProcessHandle::destroyForcibly);
            root.get().destroyForcibly();
          },
          killGrace.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.warn("Task {}: launcher closed; SIGKILL escalation will not happen", task.taskId());
    }
  }
}
