package io.hydra.scheduler.launch;

import io.hydra.core.run.TaskLocation;
import java.time.Instant;

/**
 * What a launcher observed about a task.
 *
 * @param exitCode the process exit code for SUCCEEDED and FAILED, when known; otherwise null
 * @param message a human-readable detail (signal, agent lost, ...), or null
 * @param location where the task runs, when the launcher learns it only now (the Mesos agent); the
 *     engine records it with the attempt if the attempt has none yet. Otherwise null
 */
public record TaskStatus(
    String taskId,
    TaskState state,
    Integer exitCode,
    String message,
    Instant at,
    TaskLocation location) {

  /** A status that says nothing about where the task runs. */
  public TaskStatus(String taskId, TaskState state, Integer exitCode, String message, Instant at) {
    this(taskId, state, exitCode, message, at, null);
  }
}
