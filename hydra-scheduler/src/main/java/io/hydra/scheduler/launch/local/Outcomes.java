package io.hydra.scheduler.launch.local;

import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.time.Instant;
import java.util.OptionalInt;

/** Turns what is known about an ended task into the terminal status the engine receives. */
final class Outcomes {

  static final String UNWATCHED_END =
      "task ended while Hydra was not watching; exit status unknown";
  private static final String KILLED = "killed on request; ";

  private Outcomes() {}

  /**
   * @param killRequested whether {@link LocalLauncher#kill} was called for the task
   * @param recorded the exit code the wrapper wrote to the sandbox, if it did
   * @param wrapperExit the wrapper process's own exit value (128 + signal if it was killed), when
   *     this launcher started it and so could wait for it; otherwise null
   */
  static TaskStatus ended(
      String taskId, boolean killRequested, OptionalInt recorded, Integer wrapperExit, Instant at) {
    if (recorded.isPresent()) {
      int code = recorded.getAsInt();
      if (killRequested) {
        return new TaskStatus(taskId, TaskState.KILLED, code, KILLED + exited(code), at);
      }
      return code == 0
          ? new TaskStatus(taskId, TaskState.SUCCEEDED, 0, null, at)
          : new TaskStatus(taskId, TaskState.FAILED, code, exited(code), at);
    }
    if (wrapperExit != null) {
      // No exit file although the wrapper ended: it was SIGKILLed (or its sandbox unwritable).
      String detail =
          "the task wrapper "
              + exited(wrapperExit)
              + " before recording the task's exit status; reporting the wrapper's status";
      if (killRequested) {
        return new TaskStatus(taskId, TaskState.KILLED, wrapperExit, KILLED + detail, at);
      }
      return wrapperExit == 0
          ? new TaskStatus(taskId, TaskState.SUCCEEDED, 0, detail, at)
          : new TaskStatus(taskId, TaskState.FAILED, wrapperExit, detail, at);
    }
    if (killRequested) {
      return new TaskStatus(taskId, TaskState.KILLED, null, KILLED + "exit status unknown", at);
    }
    return new TaskStatus(taskId, TaskState.LOST, null, UNWATCHED_END, at);
  }

  /** "exited with code 3", or "exited with code 143 (signal 15)" (the shell's 128+n). */
  static String exited(int code) {
    return code > 128 && code < 128 + 65
        ? "exited with code " + code + " (signal " + (code - 128) + ")"
        : "exited with code " + code;
  }
}
