package io.hydra.scheduler.engine;

import io.hydra.core.run.Capacity;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process launcher for engine tests: tasks "run" instantly on another thread and end the way
 * the test scripted per job (succeed, fail n times, or hang until killed). It records every launch,
 * so tests can count launches per attempt.
 */
final class ScriptedLauncher implements Launcher {

  private final ExecutorService reporter = Executors.newSingleThreadExecutor();
  private final List<LaunchRequest> launched = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
  private final Map<String, TaskState> reconcileAnswers = new ConcurrentHashMap<>();
  private final java.util.Set<String> ended = ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> ignoringKills = ConcurrentHashMap.newKeySet();
  private volatile TaskStatusListener listener;

  void failFirst(String job, int times) {
    failuresLeft.put(job, new AtomicInteger(times));
  }

  void hang(String job) {
    hanging.put(job, true);
  }

  void succeed(String job) {
    hanging.remove(job);
    failuresLeft.remove(job);
  }

  /** Tasks of {@code job} do not stop when killed (until {@link #finishRunning}). */
  void ignoreKills(String job) {
    ignoringKills.add(job);
  }

  /** Ends every task of {@code job} still running (a hanging one) the given way. */
  void finishRunning(String job, TaskState state, int exitCode) {
    for (LaunchRequest request : launched) {
      if (request.job().equals(job) && !ended.contains(request.taskId())) {
        report(request.taskId(), state, exitCode);
      }
    }
  }

  /** The environment of the n-th launch of {@code job} (from 1). */
  Map<String, String> envOfLaunch(String job, int n) {
    return launched.stream()
        .filter(r -> r.job().equals(job))
        .skip(n - 1L)
        .findFirst()
        .orElseThrow()
        .env();
  }

  void answerReconcile(String taskId, TaskState state) {
    reconcileAnswers.put(taskId, state);
  }

  List<LaunchRequest> launched() {
    return List.copyOf(launched);
  }

  long launchesOf(String job) {
    return launched.stream().filter(r -> r.job().equals(job)).count();
  }

  private volatile Optional<Capacity> capacity = Optional.empty();
  private volatile Optional<TaskLocation> location = Optional.empty();
  private volatile TaskLocation placement;
  private final List<KnownTask> reconciled = new CopyOnWriteArrayList<>();

  /** Where every task runs, known up front (as the local launcher's sandbox root). */
  void location(TaskLocation where) {
    location = Optional.of(where);
  }

  /** Where tasks turn out to run, reported with their RUNNING status (as Mesos agents are). */
  void placeAt(TaskLocation where) {
    placement = where;
  }

  /** What the engine asked this launcher to reconcile. */
  List<KnownTask> reconciled() {
    return List.copyOf(reconciled);
  }

  @Override
  public Optional<TaskLocation> location() {
    return location;
  }

  void capacity(Capacity budget) {
    capacity = Optional.of(budget);
  }

  @Override
  public Optional<Capacity> capacity() {
    return capacity;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public void start(TaskStatusListener statusListener) {
    this.listener = statusListener;
  }

  @Override
  public void launch(LaunchRequest request) {
    launched.add(request);
    TaskLocation placed = placement;
    reporter.execute(
        () ->
            listener.onStatus(
                new TaskStatus(
                    request.taskId(), TaskState.RUNNING, null, null, Instant.now(), placed)));
    if (hanging.containsKey(request.job())) {
      return;
    }
    AtomicInteger left = failuresLeft.get(request.job());
    if (left != null && left.getAndDecrement() > 0) {
      report(request.taskId(), TaskState.FAILED, 1);
    } else {
      report(request.taskId(), TaskState.SUCCEEDED, 0);
    }
  }

  @Override
  public void kill(String taskId) {
    boolean ignores =
        launched.stream()
            .anyMatch(r -> r.taskId().equals(taskId) && ignoringKills.contains(r.job()));
    if (!ignores) {
      report(taskId, TaskState.KILLED, 143);
    }
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    reconciled.addAll(tasks);
    for (KnownTask task : tasks) {
      report(
          task.taskId(), reconcileAnswers.getOrDefault(task.taskId(), TaskState.NOT_STARTED), null);
    }
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    return Optional.empty();
  }

  private void report(String taskId, TaskState state, Integer exitCode) {
    if (state != TaskState.RUNNING) {
      ended.add(taskId);
    }
    reporter.execute(
        () -> listener.onStatus(new TaskStatus(taskId, state, exitCode, null, Instant.now())));
  }

  @Override
  public void close() {
    reporter.shutdown();
  }
}
