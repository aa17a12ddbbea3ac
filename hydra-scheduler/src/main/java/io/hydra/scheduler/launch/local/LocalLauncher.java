package io.hydra.scheduler.launch.local;

import io.hydra.core.run.Capacity;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks as child processes of this machine (Linux).
 *
 * <p>Each task runs in its sandbox {@code <tasksDir>/<taskId>/} under {@link TaskWrapper}, in its
 * own session and process group, with output going to files. Nothing about a task lives only in
 * this JVM: the sandbox's {@code pid} and {@code exit} files let a new instance, after a crash or
 * restart, re-adopt tasks that are still running and collect the exit codes of those that ended
 * meanwhile ({@link #reconcile}); and a {@code pid} file stops the same task id from being started
 * twice.
 *
 * <p>Threads: {@link #launch}, {@link #kill} and {@link #reconcile} run on the caller's thread, and
 * may be called from several threads at once for different tasks; a launch returns once the process
 * has started and set up its process group (a few ms, at most {@code GROUP_SETUP_TIMEOUT}). Task
 * ends are observed on one shared daemon thread, which calls the listener.
 */
public final class LocalLauncher implements Launcher {

  static final File DEV_NULL = new File("/dev/null");
  static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /** setsid() follows exec within microseconds; this only bounds a pathological wait. */
  private static final Duration GROUP_SETUP_TIMEOUT = Duration.ofSeconds(1);

  /** Hydra's own variables that a task inherits; everything else comes from the request. */
  private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "TMPDIR");

  /** Used when Hydra itself runs without PATH (some service managers), so tasks find tools. */
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private final Path tasksDir;
  private final TaskLocation location;
  private final Duration killGrace;
  private volatile Capacity budget = machineCapacity();
  private final Map<String, String> baseEnv;
  private final Map<String, LocalTask> tasks = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watcher;
  private volatile TaskStatusListener listener;
  private volatile boolean closed;

  public LocalLauncher(Path tasksDir) {
    this(tasksDir, DEFAULT_KILL_GRACE);
  }

  /**
   * @param killGrace how long {@link #kill} waits after SIGTERM before it sends SIGKILL
   */
  public LocalLauncher(Path tasksDir, Duration killGrace) {
    this(tasksDir, killGrace, System.getenv());
  }

  /** For tests: {@code hydraEnv} stands in for Hydra's own environment. */
  LocalLauncher(Path tasksDir, Duration killGrace, Map<String, String> hydraEnv) {
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("killGrace must not be negative: " + killGrace);
    }
    this.tasksDir = realDirectory(tasksDir);
    this.location = SandboxRoot.of(this.tasksDir);
    this.killGrace = killGrace;
    this.baseEnv = baseEnvironment(hydraEnv);
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hydra-local-launcher");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public String name() {
    return "local";
  }

  /** This host and sandbox root ({@link SandboxRoot}): where every task of this launcher runs. */
  @Override
  public Optional<TaskLocation> location() {
    return Optional.of(location);
  }

  /** The budget tasks share: by default this machine's cpus and physical memory. */
  @Override
  public Optional<Capacity> capacity() {
    return Optional.of(budget);
  }

  /** Sets the budget (e.g. from {@code --local-cpus}); returns this launcher. */
  public LocalLauncher withCapacity(Capacity capacity) {
    this.budget = capacity;
    return this;
  }

  static Capacity machineCapacity() {
    double memMb = 0;
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memMb = os.getTotalMemorySize() / (1024.0 * 1024.0);
    }
    return new Capacity(Runtime.getRuntime().availableProcessors(), memMb);
  }

  @Override
  public void start(TaskStatusListener listener) {
    this.listener = listener;
  }

  @Override
  public void launch(LaunchRequest request) {
    if (request == null) {
      log.warn("Ignoring a null launch request");
      return;
    }
    String taskId = request.taskId();
    try {
      launchOrAdopt(request);
    } catch (RuntimeException e) {
      // launch() never throws: the engine learns about every failure as a status.
      log.warn("Task {}: launch failed", taskId, e);
      report(taskId, TaskState.FAILED, null, "could not launch the task: " + e);
    }
  }

  private void launchOrAdopt(LaunchRequest request) {
    String taskId = request.taskId();
    Optional<TaskDirectory> maybeDir = TaskDirectory.of(tasksDir, taskId);
    if (maybeDir.isEmpty()) {
      report(taskId, TaskState.FAILED, null, "invalid task id '" + taskId + "'");
      return;
    }
    if (closed) {
      log.warn("Task {}: launcher is closed; not launching", taskId);
      return;
    }
    TaskDirectory dir = maybeDir.get();
    // Reserve the id first, then look for a pid file: a task of ours that ends is removed from
    // the map only after its wrapper wrote the pid file, so one of the two checks always sees it.
    LocalTask task = LocalTask.starting(dir);
    if (tasks.putIfAbsent(taskId, task) != null) {
      log.warn("Task {}: launch of a task already running here; not starting it again", taskId);
      reportRunningIfWatched(taskId);
      return;
    }
    if (dir.wasStarted()) {
      tasks.remove(taskId, task);
      log.warn("Task {}: sandbox {} shows it was started before; adopting instead", taskId, dir);
      inspect(taskId);
      return;
    }

    Process process;
    try {
      process = startProcess(request, dir);
    } catch (IOException | RuntimeException e) {
      tasks.remove(taskId, task);
      log.warn("Task {}: cannot start: {}", taskId, e.toString());
      report(taskId, TaskState.FAILED, null, "could not start the task: " + e);
      return;
    }
    long pgid = awaitOwnGroup(process);
    boolean killPending = task.started(process, pgid);
    log.info("Task {}: started, pid {}, sandbox {}", taskId, process.pid(), dir);
    report(taskId, TaskState.RUNNING, null, "pid " + process.pid());
    try {
      process.onExit().whenCompleteAsync((p, error) -> processExited(task, process), watcher);
    } catch (RejectedExecutionException e) {
      log.debug("Task {}: launcher closed while starting; leaving it running", taskId);
    }
    if (killPending) {
      deliverKill(task);
    }
  }

  private Process startProcess(LaunchRequest request, TaskDirectory dir) throws IOException {
    List<String> argv = argv(request);
    Files.createDirectories(dir.root());
    ProcessBuilder builder =
        new ProcessBuilder(TaskWrapper.commandLine(dir.root(), argv))
            .directory(dir.root().toFile())
            // Files, never pipes: the task must be able to outlive this JVM.
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.stdout().toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.stderr().toFile()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(baseEnv);
    env.putAll(request.env());
    return builder.start();
  }

  private static List<String> argv(LaunchRequest request) {
    boolean hasCommand = request.command() != null && !request.command().isBlank();
    boolean hasArgs = !request.args().isEmpty();
    if (hasCommand == hasArgs) {
      throw new IllegalArgumentException(
          "a task needs exactly one of command and args, got " + (hasCommand ? "both" : "neither"));
    }
    return hasCommand ? List.of("/bin/sh", "-c", request.command()) : request.args();
  }

  /**
   * Waits (briefly) until the wrapper has called setsid(), and returns its process group; 0 if that
   * could not be verified, in which case {@link #kill} tries again.
   */
  private static long awaitOwnGroup(Process process) {
    long deadline = System.nanoTime() + GROUP_SETUP_TIMEOUT.toNanos();
    while (true) {
      Optional<Long> group = ProcessInfo.ownSessionGroup(process.pid());
      if (group.isPresent()) {
        return group.get();
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        return 0;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
  }

  /** Runs on the watcher thread when a process this instance started has exited. */
  private void processExited(LocalTask task, Process process) {
    OptionalInt recorded = task.dir().readExitCode();
    finish(task, recorded, process.exitValue());
  }

  @Override
  public void kill(String taskId) {
    LocalTask task = tasks.get(taskId);
    if (task == null) {
      log.debug("Task {}: kill of an unknown or finished task; nothing to do", taskId);
      return;
    }
    if (task.requestKill()) {
      deliverKill(task);
    } else {
      log.debug("Task {}: kill already requested or the task is still starting", taskId);
    }
  }

  /** SIGTERM to the task's whole tree now, SIGKILL to whatever is left after the grace period. */
  private void deliverKill(LocalTask task) {
    String taskId = task.taskId();
    long pgid = verifiedGroup(task);
    if (pgid == 0) {
      killWithoutGroup(task);
      return;
    }
    log.info("Task {}: sending SIGTERM to process group {}", taskId, pgid);
    ProcessGroupSignals.signal(pgid, "TERM");
    try {
      watcher.schedule(() -> escalate(taskId, pgid), killGrace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.warn("Task {}: launcher closed; SIGKILL escalation will not happen", taskId);
    }
  }

  private static long verifiedGroup(LocalTask task) {
    long pgid = task.pgid();
    if (pgid == 0 && task.pid() != 0) {
      pgid = ProcessInfo.ownSessionGroup(task.pid()).orElse(0L);
      task.verifiedGroup(pgid);
    }
    return pgid;
  }

  private void escalate(String taskId, long pgid) {
    try {
      List<Long> survivors = ProcessInfo.liveGroupMembers(pgid);
      if (!survivors.isEmpty()) {
        log.warn(
            "Task {}: processes {} survived SIGTERM for {}; sending SIGKILL to group {}",
            taskId,
            survivors,
            killGrace,
            pgid);
        ProcessGroupSignals.signal(pgid, "KILL");
      }
    } catch (RuntimeException e) {
      log.warn("Task {}: SIGKILL escalation failed", taskId, e);
    }
  }

  /**
   * Fallback when the group could not be verified (the wrapper died before we could look): signal
   * the wrapper and its descendants one by one. Never signal a group we have not verified, since it
   * might be Hydra's own.
   */
  private void killWithoutGroup(LocalTask task) {
    Optional<ProcessHandle> root =
        task.process().map(Process::toHandle).or(() -> ProcessHandle.of(task.pid()));
    if (root.isEmpty()) {
      log.debug("Task {}: nothing left to kill", task.taskId());
      return;
    }
    log.info(
        "Task {}: process group unknown; signalling pid {} and its descendants",
        task.taskId(),
        root.get().pid());
    root.get().descendants().forEach(ProcessHandle::destroy);
    root.get().destroy();
    try {
      watcher.schedule(
          () -> {
            root.get().descendants().forEach(ProcessHandle::destroyForcibly);
            root.get().destroyForcibly();
          },
          killGrace.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.warn("Task {}: launcher closed; SIGKILL escalation will not happen", task.taskId());
    }
  }

  /**
   * Inspects the sandboxes of tasks recorded in this root. A task recorded in another location
   * (another host, or another tasks directory here) has its pid and exit files there, out of sight:
   * its absence here proves nothing, so it is reported LOST, naming where it ran, and never
   * NOT_STARTED (which would start it again without counting a retry, while it may have run or
   * still run there). An attempt recorded without a location (before locations were recorded) is
   * taken to be in this root, as it always was.
   */
  @Override
  public void reconcile(Collection<KnownTask> known) {
    for (KnownTask task : known) {
      try {
        if (task.location() != null && !task.location().equals(location)) {
          report(
              task.taskId(), TaskState.LOST, null, SandboxRoot.unseen(task.location(), location));
          continue;
        }
        inspect(task.taskId());
      } catch (RuntimeException e) {
        log.warn("Task {}: reconciliation failed", task.taskId(), e);
        report(task.taskId(), TaskState.LOST, null, "could not inspect the task's sandbox: " + e);
      }
    }
  }

  /** Reports what the sandbox of {@code taskId} shows, adopting the task if it still runs. */
  private void inspect(String taskId) {
    Optional<TaskDirectory> maybeDir = TaskDirectory.of(tasksDir, taskId);
    if (maybeDir.isEmpty()) {
      report(taskId, TaskState.NOT_STARTED, null, "invalid task id; it cannot have a sandbox");
      return;
    }
    if (reportRunningIfWatched(taskId)) {
      return;
    }
    TaskDirectory dir = maybeDir.get();
    OptionalInt exit = dir.readExitCode();
    if (exit.isPresent()) {
      report(Outcomes.ended(taskId, false, exit, null, Instant.now()));
      return;
    }
    if (!dir.wasStarted()) {
      report(taskId, TaskState.NOT_STARTED, null, "no pid file in " + dir + ": never started");
      return;
    }
    OptionalLong pid = dir.readPid();
    if (pid.isPresent() && isOurLiveWrapper(pid.getAsLong(), dir)) {
      adopt(dir, pid.getAsLong());
      return;
    }
    // Read again: the task may have ended between the first read and the liveness check.
    report(Outcomes.ended(taskId, false, dir.readExitCode(), null, Instant.now()));
  }

  private boolean reportRunningIfWatched(String taskId) {
    LocalTask watched = tasks.get(taskId);
    if (watched == null || watched.isFinished()) {
      return false;
    }
    report(taskId, TaskState.RUNNING, null, "already watched by this launcher");
    return true;
  }

  /** Live, and its command line is our wrapper for this very sandbox (a reused pid is not). */
  private static boolean isOurLiveWrapper(long pid, TaskDirectory dir) {
    return ProcessInfo.isLive(pid) && TaskWrapper.isWrapperOf(ProcessInfo.cmdline(pid), dir.root());
  }

  private void adopt(TaskDirectory dir, long pid) {
    String taskId = dir.taskId();
    // The wrapper leads its own group; fall back to its pid (which the group id equals) if it
    // exited between the checks, so that surviving members can still be reached by kill().
    long pgid = ProcessInfo.ownSessionGroup(pid).orElse(pid);
    LocalTask task = LocalTask.adopted(dir, pid, pgid);
    if (tasks.putIfAbsent(taskId, task) != null) {
      reportRunningIfWatched(taskId);
      return;
    }
    log.info("Task {}: adopted running task, pid {}", taskId, pid);
    report(taskId, TaskState.RUNNING, null, "adopted running task, pid " + pid);
    try {
      long poll = POLL_INTERVAL.toMillis();
      task.watchWith(
          watcher.scheduleWithFixedDelay(
              () -> pollAdopted(task), poll, poll, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      tasks.remove(taskId, task);
      log.debug("Task {}: launcher closed; not watching it", taskId);
    }
  }

  /** Runs on the watcher thread: an adopted task is not our child, so we cannot wait for it. */
  private void pollAdopted(LocalTask task) {
    try {
      TaskDirectory dir = task.dir();
      OptionalInt exit = dir.readExitCode();
      if (exit.isEmpty()) {
        if (isOurLiveWrapper(task.pid(), dir)) {
          return;
        }
        exit = dir.readExitCode();
      }
      finish(task, exit, null);
    } catch (RuntimeException e) {
      // An exception would silently end the periodic check; log and keep watching.
      log.warn("Task {}: watching failed", task.taskId(), e);
    }
  }

  /** Reports the terminal status of {@code task}, exactly once. */
  private void finish(LocalTask task, OptionalInt recorded, Integer wrapperExit) {
    if (!task.markFinished()) {
      return;
    }
    tasks.remove(task.taskId(), task);
    TaskStatus status =
        Outcomes.ended(task.taskId(), task.killRequested(), recorded, wrapperExit, Instant.now());
    String detail = status.message() == null ? "" : " (" + status.message() + ")";
    log.info("Task {}: {}{}", task.taskId(), status.state(), detail);
    report(status);
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    Optional<TaskDirectory> dir = TaskDirectory.of(tasksDir, taskId);
    if (dir.isEmpty()) {
      log.debug("Refusing log of invalid task id '{}'", taskId);
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(dir.get().log(stream)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      log.warn("Task {}: cannot open {}: {}", taskId, stream, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    closed = true;
    watcher.shutdownNow();
    if (!tasks.isEmpty()) {
      log.info("Launcher closed; leaving tasks {} running for re-adoption", tasks.keySet());
    }
    tasks.clear();
  }

  private void report(String taskId, TaskState state, Integer exitCode, String message) {
    report(new TaskStatus(taskId, state, exitCode, message, Instant.now()));
  }

  private void report(TaskStatus status) {
    TaskStatusListener target = listener;
    if (closed || target == null) {
      log.debug("Dropping status {} ({})", status, closed ? "launcher closed" : "not started");
      return;
    }
    try {
      target.onStatus(status);
    } catch (RuntimeException e) {
      log.warn("Task {}: status listener failed on {}", status.taskId(), status.state(), e);
    }
  }

  private static Path realDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
      // The real path goes into each wrapper's command line, which is how a later instance
      // recognises its wrappers; it must not depend on how this instance spelled the path.
      return dir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create tasks directory " + dir, e);
    }
  }

  private static Map<String, String> baseEnvironment(Map<String, String> hydraEnv) {
    Map<String, String> base = new HashMap<>();
    base.put("PATH", DEFAULT_PATH);
    for (String name : INHERITED_ENV) {
      String value = hydraEnv.get(name);
      if (value != null) {
        base.put(name, value);
      }
    }
    return Map.copyOf(base);
  }
}
