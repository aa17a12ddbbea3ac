package io.hydra.bench.cli;

import io.hydra.core.run.Capacity;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A launcher with a budget of {@link #SLOTS} tasks (one cpu each), each of which takes {@link
 * #TASK} and does nothing: capacity is what is short, so the order the dispatcher starts queued
 * runs in decides who waits. Records the start lag of scheduled runs and counts the flood's starts.
 */
final class SlotLauncher implements Launcher, AutoCloseable {

  static final int SLOTS = 20;
  static final Duration TASK = Duration.ofMillis(200);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-slots");
            t.setDaemon(true);
            return t;
          });
  private final List<Double> scheduledLagsMs = new ArrayList<>();
  private final AtomicInteger floodStarts = new AtomicInteger();
  private volatile TaskStatusListener listener;

  @Override
  public String name() {
    return "slots";
  }

  @Override
  public Optional<Capacity> capacity() {
    return Optional.of(new Capacity(SLOTS, 1_000_000));
  }

  @Override
  public void start(TaskStatusListener statusListener) {
    this.listener = statusListener;
  }

  @Override
  public void launch(LaunchRequest request) {
    Instant now = Instant.now();
    if (request.job().equals("flood")) {
      floodStarts.incrementAndGet();
    } else {
      Instant due = Instant.parse(request.env().get("HYDRA_LOGICAL_TIME"));
      synchronized (scheduledLagsMs) {
        scheduledLagsMs.add(Duration.between(due, now).toNanos() / 1e6);
      }
    }
    report(request.taskId(), TaskState.RUNNING, null);
    timer.schedule(
        () -> report(request.taskId(), TaskState.SUCCEEDED, 0),
        TASK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void kill(String taskId) {
    report(taskId, TaskState.KILLED, 143);
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    tasks.forEach(t -> report(t.taskId(), TaskState.NOT_STARTED, null));
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    return Optional.empty();
  }

  List<Double> scheduledLagsMs() {
    synchronized (scheduledLagsMs) {
      return new ArrayList<>(scheduledLagsMs);
    }
  }

  int floodStarts() {
    return floodStarts.get();
  }

  private void report(String taskId, TaskState state, Integer exitCode) {
    listener.onStatus(new TaskStatus(taskId, state, exitCode, null, Instant.now()));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
