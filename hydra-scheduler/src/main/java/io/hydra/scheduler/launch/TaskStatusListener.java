package io.hydra.scheduler.launch;

/**
 * Receives task status events; must be cheap and thread-safe (launchers call it from any thread).
 */
@FunctionalInterface
public interface TaskStatusListener {
  void onStatus(TaskStatus status);
}
