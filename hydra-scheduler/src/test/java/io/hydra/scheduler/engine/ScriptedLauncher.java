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

  /**
   * Stepped mode ({@link #stepped()}): reports go to the listener on the caller's thread, and a
   * task ends only when the test ends it ({@link #end}) or kills it. {@link #tasks} is then the
   * world the tasks live in: it outlives an engine, so a restarted engine reconciles against it.
   */
  private boolean stepped;

  private final Map<String, TaskStatus> tasks = new ConcurrentHashMap<>();

  private final AtomicInteger reportsSent = new AtomicInteger();

  /** Stepped mode: how many reports went to the listener so far. */
  int reportsSent() {
    return reportsSent.get();
  }

  /** A launcher for an engine driven by {@link Engine#step()}: nothing happens on its own. */
  static ScriptedLauncher stepped() {
    ScriptedLauncher launcher = new ScriptedLauncher();
    launcher.stepped = true;
    launcher.reporter.shutdown();
    return launcher;
  }

  /** Stepped mode: tasks launched and not ended yet, in launch order. */
  List<String> runningTasks() {
    return launched.stream()
        .map(LaunchRequest::taskId)
        .filter(id -> tasks.get(id).state() == TaskState.RUNNING)
        .toList();
  }

  /** Stepped mode: the task's last status, if it was launched. */
  Optional<TaskStatus> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /**
   * Stepped mode: the running task ends this way (LOST: its agent was lost); false if not running.
   */
  boolean end(String taskId, TaskState state, Integer exitCode) {
    TaskStatus now = tasks.get(taskId);
    if (now == null || now.state() != TaskState.RUNNING) {
      return false;
    }
    report(taskId, state, exitCode);
    return true;
  }

  /** Stepped mode: sends the task's last status again (a duplicate delivery). */
  boolean redeliver(String taskId) {
    TaskStatus last = tasks.get(taskId);
    if (last != null) {
      reportsSent.incrementAndGet();
      listener.onStatus(last);
    }
    return last != null;
  }

  /**
   * Reports this status as it is, in order with the scripted ones: a late or reordered delivery.
   */
  void send(TaskStatus status) {
    reporter.execute(() -> listener.onStatus(status));
  }

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
    if (placed != null && !stepped) {
      reporter.execute(
          () ->
              listener.onStatus(
                  new TaskStatus(
                      request.taskId(), TaskState.RUNNING, null, null, Instant.now(), placed)));
    } else {
      report(request.taskId(), TaskState.RUNNING, null);
    }
    if (stepped) {
      return;
    }
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
    if (stepped) {
      end(taskId, TaskState.KILLED, 143);
      return;
    }
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
      if (stepped) {
        TaskStatus last = this.tasks.get(task.taskId());
        reportsSent.incrementAndGet();
        listener.onStatus(
            last != null
                ? last
                : new TaskStatus(task.taskId(), TaskState.NOT_STARTED, null, null, Instant.EPOCH));
        continue;
      }
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
    if (stepped) {
      TaskStatus status = new TaskStatus(taskId, state, exitCode, null, Instant.EPOCH);
      tasks.put(taskId, status);
      reportsSent.incrementAndGet();
      listener.onStatus(status);
      return;
    }
    reporter.execute(
        () -> listener.onStatus(new TaskStatus(taskId, state, exitCode, null, Instant.now())));
  }

  @Override
  public void close() {
    reporter.shutdown();
  }
}
