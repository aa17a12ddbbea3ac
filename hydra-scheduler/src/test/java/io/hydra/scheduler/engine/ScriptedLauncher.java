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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process launcher for engine tests. A task reports RUNNING when launched and then, if the
 * launcher is scripted, ends at once the way the test scripted its job (succeed, fail n times, hang
 * until killed, ignore kills). It records every launch, so tests can count launches per attempt.
 *
 * <p>Three modes: threaded ({@code new ScriptedLauncher()}: reports reach the engine from a thread
 * of the launcher's, as a real launcher's do), {@link #synchronous()} (scripted, reports delivered
 * on the caller's thread) and {@link #stepped()} (reports on the caller's thread, and a task ends
 * only when the test ends or kills it). The last two are for an engine driven by {@link
 * Engine#step()} that calls the launcher on its own thread: the pass that launches a task has its
 * reports in the engine's inbox when it returns, and the next pass applies them.
 */
final class ScriptedLauncher implements Launcher {

  /** Null when reports go to the listener on the caller's thread. */
  private final ExecutorService reporter;

  /** Whether a task ends by itself per its job's script, or only when the test ends it. */
  private final boolean scripted;

  private final List<LaunchRequest> launched = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Set<String> hanging = ConcurrentHashMap.newKeySet();
  private final Set<String> ignoringKills = ConcurrentHashMap.newKeySet();
  private final Map<String, TaskState> reconcileAnswers = new ConcurrentHashMap<>();

  /**
   * Each task's last status: the world the tasks live in. It outlives an engine, so a restarted
   * engine given the same launcher reconciles against it.
   */
  private final Map<String, TaskStatus> tasks = new ConcurrentHashMap<>();

  private final AtomicInteger reportsSent = new AtomicInteger();
  private volatile TaskStatusListener listener;

  private volatile Optional<Capacity> capacity = Optional.empty();
  private volatile Optional<TaskLocation> location = Optional.empty();
  private volatile TaskLocation placement;
  private final List<KnownTask> reconciled = new CopyOnWriteArrayList<>();

  /** Scripted, reporting from a thread of its own: for an engine running its own threads. */
  ScriptedLauncher() {
    this(true, true);
  }

  private ScriptedLauncher(boolean threaded, boolean scripted) {
    this.reporter = threaded ? Executors.newSingleThreadExecutor() : null;
    this.scripted = scripted;
  }

  /** For a stepped engine: scripted, every report delivered on the caller's thread. */
  static ScriptedLauncher synchronous() {
    return new ScriptedLauncher(false, true);
  }

  /** For a stepped engine: nothing happens on its own; tasks end only when the test ends them. */
  static ScriptedLauncher stepped() {
    return new ScriptedLauncher(false, false);
  }

  /** How many reports went to the listener (or, threaded, to its thread) so far. */
  int reportsSent() {
    return reportsSent.get();
  }

  /** Tasks launched and not ended yet, in launch order. */
  List<String> runningTasks() {
    return launched.stream().map(LaunchRequest::taskId).filter(this::isRunning).toList();
  }

  /** The task's last status, if it was launched. */
  Optional<TaskStatus> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /** The running task ends this way (LOST: its agent was lost); false if not running. */
  boolean end(String taskId, TaskState state, Integer exitCode) {
    if (!isRunning(taskId)) {
      return false;
    }
    report(taskId, state, exitCode, null);
    return true;
  }

  /** Sends the task's last status again (a duplicate delivery). */
  boolean redeliver(String taskId) {
    TaskStatus last = tasks.get(taskId);
    if (last != null) {
      deliver(last);
    }
    return last != null;
  }

  /**
   * Reports this status as it is, in order with the scripted ones: a late or reordered delivery.
   * The task's last status stays what it was: the task itself did not change.
   */
  void send(TaskStatus status) {
    deliver(status);
  }

  void failFirst(String job, int times) {
    failuresLeft.put(job, new AtomicInteger(times));
  }

  void hang(String job) {
    hanging.add(job);
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
      if (request.job().equals(job)) {
        end(request.taskId(), state, exitCode);
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

  /** What reconciling this task answers, whatever this launcher knows of it. */
  void answerReconcile(String taskId, TaskState state) {
    reconcileAnswers.put(taskId, state);
  }

  List<LaunchRequest> launched() {
    return List.copyOf(launched);
  }

  long launchesOf(String job) {
    return launched.stream().filter(r -> r.job().equals(job)).count();
  }

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
    report(request.taskId(), TaskState.RUNNING, null, placement);
    if (!scripted || hanging.contains(request.job())) {
      return;
    }
    AtomicInteger left = failuresLeft.get(request.job());
    if (left != null && left.getAndDecrement() > 0) {
      report(request.taskId(), TaskState.FAILED, 1, null);
    } else {
      report(request.taskId(), TaskState.SUCCEEDED, 0, null);
    }
  }

  @Override
  public void kill(String taskId) {
    boolean ignores =
        scripted
            && launched.stream()
                .anyMatch(r -> r.taskId().equals(taskId) && ignoringKills.contains(r.job()));
    if (!ignores) {
      end(taskId, TaskState.KILLED, 143);
    }
  }

  @Override
  public void reconcile(Collection<KnownTask> known) {
    reconciled.addAll(known);
    for (KnownTask task : known) {
      TaskState answer = reconcileAnswers.get(task.taskId());
      TaskStatus last = tasks.get(task.taskId());
      if (answer != null) {
        report(task.taskId(), answer, null, null);
      } else if (last != null) {
        deliver(last);
      } else {
        deliver(new TaskStatus(task.taskId(), TaskState.NOT_STARTED, null, null, now()));
      }
    }
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    return Optional.empty();
  }

  private boolean isRunning(String taskId) {
    TaskStatus now = tasks.get(taskId);
    return now != null && now.state() == TaskState.RUNNING;
  }

  private void report(String taskId, TaskState state, Integer exitCode, TaskLocation where) {
    TaskStatus status = new TaskStatus(taskId, state, exitCode, null, now(), where);
    // Recorded before delivery: the test sees a task end as soon as it is scripted or ended, even
    // while the report waits on the reporter's thread.
    tasks.put(taskId, status);
    deliver(status);
  }

  private void deliver(TaskStatus status) {
    reportsSent.incrementAndGet();
    if (reporter == null) {
      listener.onStatus(status);
    } else {
      reporter.execute(() -> listener.onStatus(status));
    }
  }

  /** A stepped engine's reports carry a fixed time, so that two runs of a test see the same. */
  private Instant now() {
    return reporter == null ? Instant.EPOCH : Instant.now();
  }

  @Override
  public void close() {
    if (reporter != null) {
      reporter.shutdown();
    }
  }
}
