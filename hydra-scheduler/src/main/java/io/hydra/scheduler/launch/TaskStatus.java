package io.hydra.scheduler.launch;

import java.time.Instant;

/**
 * What a launcher observed about a task.
 *
 * @param exitCode the process exit code for SUCCEEDED and FAILED, when known; otherwise null
 * @param message a human-readable detail (signal, agent lost, ...), or null
 */
public record TaskStatus(
    String taskId, TaskState state, Integer exitCode, String message, Instant at) {}
