package io.hydra.scheduler.launch;

import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the engine for launcher tests (local and Mesos): records every status from any thread and,
 * once attached to its launcher and unless told to hold them, acknowledges each one as the engine
 * does after committing it. Tests wait for the status they expect with a deadline.
 */
public final class StatusRecorder implements TaskStatusListener {

  public static final Duration WAIT = Duration.ofSeconds(20);

  private final List<TaskStatus> statuses = new CopyOnWriteArrayList<>();
  private volatile Launcher launcher;
  private volatile boolean hold;

  public void attach(Launcher l) {
    this.launcher = l;
  }

  /** Stops acknowledging, as an engine that has not committed yet (or crashed) would. */
  public void hold(boolean on) {
    hold = on;
  }

  @Override
  public void onStatus(TaskStatus status) {
    statuses.add(status);
    Launcher l = launcher;
    if (!hold && l != null) {
      l.acknowledge(status);
    }
  }

  /** How many tasks have reported this state at least once. */
  public long tasksIn(TaskState state) {
    return statuses.stream()
        .filter(s -> s.state() == state)
        .map(TaskStatus::taskId)
        .distinct()
        .count();
  }

  public List<TaskStatus> of(String taskId) {
    return statuses.stream().filter(s -> s.taskId().equals(taskId)).toList();
  }

  public long count(String taskId, TaskState state) {
    return of(taskId).stream().filter(s -> s.state() == state).count();
  }

  public TaskStatus await(String taskId, TaskState state) {
    return Await.value(
        taskId + " reported " + state,
        WAIT,
        () -> of(taskId).stream().filter(s -> s.state() == state).findFirst().orElse(null));
  }

  /** Waits for the n-th report of the state (counting from 1). */
  public TaskStatus await(String taskId, TaskState state, int nth) {
    return Await.value(
        taskId + " reported " + state + " " + nth + " times",
        WAIT,
        () -> {
          List<TaskStatus> matching = of(taskId).stream().filter(s -> s.state() == state).toList();
          return matching.size() >= nth ? matching.get(nth - 1) : null;
        });
  }

  /** The states the task reported, in order. */
  public List<TaskState> statesOf(String taskId) {
    return of(taskId).stream().map(TaskStatus::state).toList();
  }

  /** Every status so far, in the order they came. */
  public List<TaskStatus> all() {
    return List.copyOf(statuses);
  }
}
