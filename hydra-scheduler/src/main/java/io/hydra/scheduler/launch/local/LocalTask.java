package io.hydra.scheduler.launch.local;

import java.util.Optional;
import java.util.concurrent.Future;

/**
 * What one launcher instance knows in memory about a task it watches: either one it started (it
 * holds its {@link StartedProcess}) or one it adopted after a restart (it only knows the pid). All
 * state changes are synchronized on the instance; callers never call the listener while holding it.
 */
final class LocalTask {

  private final TaskDirectory dir;
  private StartedProcess process;
  private long pid;

  /** The verified process group of the task's tree; 0 while not (yet) verified. */
  private long pgid;

  private boolean killRequested;
  private boolean finished;
  private Future<?> watch;

  private LocalTask(TaskDirectory dir, long pid, long pgid) {
    this.dir = dir;
    this.pid = pid;
    this.pgid = pgid;
  }

  /** A task this launcher is about to start; the reservation that prevents a second launch. */
  static LocalTask starting(TaskDirectory dir) {
    return new LocalTask(dir, 0, 0);
  }

  /** A running task found in its sandbox, started by an earlier launcher instance. */
  static LocalTask adopted(TaskDirectory dir, long pid, long pgid) {
    return new LocalTask(dir, pid, pgid);
  }

  TaskDirectory dir() {
    return dir;
  }

  String taskId() {
    return dir.taskId();
  }

  synchronized long pid() {
    return pid;
  }

  synchronized Optional<StartedProcess> process() {
    return Optional.ofNullable(process);
  }

  /**
   * Records the started process. Returns whether a kill was requested while it was starting, in
   * which case the caller must deliver it now.
   */
  synchronized boolean started(StartedProcess process) {
    this.process = process;
    this.pid = process.pid();
    this.pgid = process.group();
    return killRequested;
  }

  /** The verified process group, or 0. */
  synchronized long pgid() {
    return pgid;
  }

  synchronized void verifiedGroup(long pgid) {
    this.pgid = pgid;
  }

  /**
   * Marks the task as to be killed. Returns true if this is the first request and the process has
   * been started, i.e. the caller must send the signals now; a request made while the process is
   * still starting is delivered by the launching thread (see {@link #started}).
   */
  synchronized boolean requestKill() {
    boolean first = !killRequested;
    killRequested = true;
    return first && pid != 0 && !finished;
  }

  synchronized boolean killRequested() {
    return killRequested;
  }

  /** Returns true exactly once: the caller that gets true reports the terminal status. */
  synchronized boolean markFinished() {
    if (finished) {
      return false;
    }
    finished = true;
    if (watch != null) {
      watch.cancel(false);
    }
    return true;
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /** The periodic check that follows an adopted task; cancelled when the task finishes. */
  synchronized void watchWith(Future<?> watch) {
    this.watch = watch;
    if (finished) {
      watch.cancel(false);
    }
  }
}
