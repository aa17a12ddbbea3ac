package io.hydra.scheduler.launch.local;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a task's whole tree: a task may fork, daemonise children or ignore SIGTERM, and none of
 * that may survive a kill. The wrapper leads its own process group, so signalling the group reaches
 * every descendant that did not deliberately leave it.
 */
final class ProcessKiller {

  private static final Logger log = LoggerFactory.getLogger(ProcessKiller.class);

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

  private static long verifiedGroup(LocalTask task) {
    long pgid = task.pgid();
    if (pgid == 0 && task.pid() != 0) {
      pgid = ProcessInfo.ownSessionGroup(task.pid()).orElse(0L);
      task.verifiedGroup(pgid);
    }
    return pgid;
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
    Optional<ProcessHandle> root =
        task.process().map(Process::toHandle).or(() -> ProcessHandle.of(task.pid()));
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
