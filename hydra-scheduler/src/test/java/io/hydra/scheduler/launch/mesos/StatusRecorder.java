package io.hydra.scheduler.launch.mesos;

import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the engine for launcher tests: records every status and, unless told to hold them,
 * acknowledges each one as the engine does after committing it.
 */
final class StatusRecorder implements TaskStatusListener {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final List<TaskStatus> statuses = new CopyOnWriteArrayList<>();
  private volatile Launcher launcher;
  private volatile boolean hold;

  void attach(Launcher l) {
    this.launcher = l;
  }

  /** Stops acknowledging, as an engine that has not committed yet (or crashed) would. */
  void hold(boolean on) {
    hold = on;
  }

  @Override
  public void onStatus(TaskStatus status) {
    statuses.add(status);
    if (!hold) {
      launcher.acknowledge(status);
    }
  }

  /** How many tasks have reported this state at least once. */
  long tasksIn(TaskState state) {
    return statuses.stream()
        .filter(s -> s.state() == state)
        .map(TaskStatus::taskId)
        .distinct()
        .count();
  }

  List<TaskStatus> of(String taskId) {
    return statuses.stream().filter(s -> s.taskId().equals(taskId)).toList();
  }

  long count(String taskId, TaskState state) {
    return of(taskId).stream().filter(s -> s.state() == state).count();
  }

  TaskStatus await(String taskId, TaskState state) {
    return Await.value(
        taskId + " reported " + state,
        WAIT,
        () -> of(taskId).stream().filter(s -> s.state() == state).findFirst().orElse(null));
  }

  /** Waits for the n-th report of the state (counting from 1). */
  TaskStatus await(String taskId, TaskState state, int nth) {
    return Await.value(
        taskId + " reported " + state + " " + nth + " times",
        WAIT,
        () -> {
          List<TaskStatus> matching = of(taskId).stream().filter(s -> s.state() == state).toList();
          return matching.size() >= nth ? matching.get(nth - 1) : null;
        });
  }
}
