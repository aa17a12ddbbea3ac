package io.hydra.bench;

import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Hydra's launcher for fair comparison with in-JVM peers: a task body is a no-op run on a fixed
 * pool of worker threads, like a db-scheduler or Quartz job. It reports RUNNING and SUCCEEDED as a
 * real launcher does, so the engine does all its usual bookkeeping.
 */
final class InProcessLauncher implements Launcher {

  private final ExecutorService workers;
  private final Consumer<LaunchRequest> onStart;
  private final Consumer<LaunchRequest> onEnd;
  private volatile TaskStatusListener listener;

  InProcessLauncher(int threads, Consumer<LaunchRequest> onStart, Consumer<LaunchRequest> onEnd) {
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "bench-task");
              t.setDaemon(true);
              return t;
            });
    this.onStart = onStart;
    this.onEnd = onEnd;
  }

  @Override
  public String name() {
    return "inprocess";
  }

  @Override
  public void start(TaskStatusListener statusListener) {
    this.listener = statusListener;
  }

  @Override
  public void launch(LaunchRequest request) {
    workers.execute(
        () -> {
          onStart.accept(request);
          report(request.taskId(), TaskState.RUNNING, null);
          onEnd.accept(request);
          report(request.taskId(), TaskState.SUCCEEDED, 0);
        });
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

  private void report(String taskId, TaskState state, Integer exitCode) {
    listener.onStatus(new TaskStatus(taskId, state, exitCode, null, Instant.now()));
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
