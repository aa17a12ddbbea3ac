package io.hydra.scheduler.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes; every test waits for conditions with a deadline, never a fixed sleep. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalLauncherTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A task that blocks until the test creates {@code go} in its sandbox (its cwd). */
  private static final String WAIT_FOR_GO = "while [ ! -f go ]; do sleep 0.02; done";

  @TempDir Path tmp;
  private Path tasksDir;
  private final List<LocalLauncher> launchers = new ArrayList<>();

  /** How wrappers start: here posix_spawn, which this platform must offer (glibc 2.34+). */
  ProcessStarter starter() {
    return PosixSpawnStarter.instance().orElseThrow();
  }

  @BeforeEach
  void setUp() {
    tasksDir = tmp.resolve("tasks");
  }

  @AfterEach
  void killEverything() throws IOException {
    launchers.forEach(LocalLauncher::close);
    if (!Files.isDirectory(tasksDir)) {
      return;
    }
    try (Stream<Path> sandboxes = Files.list(tasksDir)) {
      for (Path sandbox : sandboxes.collect(Collectors.toList())) {
        // readPid waits out the instant between the file's creation and its write.
        OptionalLong wrapper =
            TaskDirectory.of(tasksDir, sandbox.getFileName().toString())
                .map(TaskDirectory::readPid)
                .orElse(OptionalLong.empty());
        if (wrapper.isEmpty()) {
          continue;
        }
        long pgid = wrapper.getAsLong();
        // Only a group that is still the task's session (not a reused pid) is killed.
        boolean ours =
            ProcessInfo.liveGroupMembers(pgid).stream()
                .allMatch(pid -> ProcessInfo.stat(pid).map(s -> s.session() == pgid).orElse(true));
        if (ours && !ProcessInfo.liveGroupMembers(pgid).isEmpty()) {
          ProcessGroupSignals.signal(pgid, "KILL");
          Await.until(
              "group " + pgid + " gone", WAIT, () -> ProcessInfo.liveGroupMembers(pgid).isEmpty());
        }
      }
    }
  }

  @Test
  void succeedingCommandReportsRunningThenSucceededAndKeepsItsOutput() throws IOException {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);

    launcher.launch(command("t-ok", "echo out; echo err >&2"));

    TaskStatus done = recorder.await("t-ok", TaskState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    assertThat(recorder.statesOf("t-ok")).containsExactly(TaskState.RUNNING, TaskState.SUCCEEDED);
    assertThat(tasksDir.resolve("t-ok/stdout")).hasContent("out");
    assertThat(tasksDir.resolve("t-ok/stderr")).hasContent("err");
    assertThat(recordedExit("t-ok")).as("the pid file's second line").contains("0");
    assertThat(readLog(launcher, "t-ok", LogStream.STDOUT)).isEqualTo("out\n");
    assertThat(readLog(launcher, "t-ok", LogStream.STDERR)).isEqualTo("err\n");
  }

  @Test
  void failingCommandReportsFailedWithItsExitCode() {
    StatusRecorder recorder = new StatusRecorder();
    launcher(recorder).launch(command("t-fail", "exit 3"));

    TaskStatus failed = recorder.await("t-fail", TaskState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.message()).contains("exited with code 3");
  }

  @Test
  void argsVectorRunsWithoutAShell() throws IOException {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);

    launcher.launch(args("t-echo", List.of("/bin/echo", "a b")));
    launcher.launch(args("t-printf", List.of("printf", "%s|", "$HOME", "*", "a;b")));

    recorder.await("t-echo", TaskState.SUCCEEDED);
    recorder.await("t-printf", TaskState.SUCCEEDED);
    assertThat(readLog(launcher, "t-echo", LogStream.STDOUT)).isEqualTo("a b\n");
    // No expansion, globbing or command splitting: each argument arrives verbatim.
    assertThat(readLog(launcher, "t-printf", LogStream.STDOUT)).isEqualTo("$HOME|*|a;b|");
  }

  @Test
  void environmentIsTheRequestsOnTopOfAMinimalBase() throws IOException {
    Map<String, String> hydraEnv = new HashMap<>();
    hydraEnv.put("PATH", "/usr/bin:/bin");
    hydraEnv.put("HOME", "/home/hydra");
    hydraEnv.put("LANG", "C.UTF-8");
    hydraEnv.put("HYDRA_DB_PASSWORD", "s3cret");
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher =
        track(new LocalLauncher(tasksDir, Duration.ofSeconds(10), hydraEnv, starter()), recorder);

    launcher.launch(
        request("t-env", null, List.of("/usr/bin/env"), Map.of("MODE", "prod", "HOME", "/job")));

    recorder.await("t-env", TaskState.SUCCEEDED);
    assertThat(envOf(readLog(launcher, "t-env", LogStream.STDOUT)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "PATH", "/usr/bin:/bin",
                "HOME", "/job",
                "LANG", "C.UTF-8",
                "MODE", "prod",
                // Not inherited: sh (the wrapper) sets PWD, which is the sandbox.
                "PWD", tasksDir.resolve("t-env").toRealPath().toString()));
  }

  @Test
  void hydrasOwnEnvironmentDoesNotLeak() throws IOException {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);

    launcher.launch(request("t-env", null, List.of("/usr/bin/env"), Map.of("MODE", "prod")));

    recorder.await("t-env", TaskState.SUCCEEDED);
    Map<String, String> seen = envOf(readLog(launcher, "t-env", LogStream.STDOUT));
    assertThat(seen).containsEntry("MODE", "prod");
    assertThat(seen.keySet()).isSubsetOf("MODE", "PATH", "HOME", "LANG", "TMPDIR", "PWD");
  }

  @Test
  void taskRunsInItsSandbox() throws IOException {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);

    launcher.launch(command("t-cwd", "pwd -P"));

    recorder.await("t-cwd", TaskState.SUCCEEDED);
    assertThat(readLog(launcher, "t-cwd", LogStream.STDOUT).trim())
        .isEqualTo(tasksDir.resolve("t-cwd").toRealPath().toString());
  }

  @Test
  void killStopsTheWholeProcessGroupAndReportsKilled() throws IOException {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);
    // A background and a foreground grandchild, each recording its pid.
    launcher.launch(
        command(
            "t-tree",
            "sleep 1000 & echo $! > kids; sh -c 'echo $$ >> kids; exec sleep 1000'; wait"));
    recorder.await("t-tree", TaskState.RUNNING);
    Path kids = tasksDir.resolve("t-tree/kids");
    Await.until("both grandchildren started", WAIT, () -> lines(kids).size() == 2);
    List<Long> grandchildren = lines(kids).stream().map(Long::parseLong).toList();
    long pgid = Long.parseLong(Files.readString(tasksDir.resolve("t-tree/pid")).trim());
    assertThat(grandchildren).allMatch(ProcessInfo::isLive);
    assertThat(ProcessInfo.liveGroupMembers(pgid)).containsAll(grandchildren);

    launcher.kill("t-tree");

    TaskStatus killed = recorder.await("t-tree", TaskState.KILLED);
    assertThat(killed.exitCode()).isEqualTo(143);
    Await.until(
        "grandchildren " + grandchildren + " gone",
        WAIT,
        () -> grandchildren.stream().noneMatch(ProcessInfo::isLive));
    Await.until("group emptied", WAIT, () -> ProcessInfo.liveGroupMembers(pgid).isEmpty());
  }

  @Test
  void killEscalatesToSigkillWhenTheTaskIgnoresTerm() throws IOException {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher =
        track(
            new LocalLauncher(tasksDir, Duration.ofMillis(300), System.getenv(), starter()),
            recorder);
    launcher.launch(command("t-stubborn", "trap '' TERM; echo ready > ready; sleep 1000"));
    Await.until("trap installed", WAIT, () -> Files.exists(tasksDir.resolve("t-stubborn/ready")));
    long pgid = Long.parseLong(Files.readString(tasksDir.resolve("t-stubborn/pid")).trim());

    launcher.kill("t-stubborn");

    TaskStatus killed = recorder.await("t-stubborn", TaskState.KILLED);
    // SIGKILL also ended the wrapper, so no exit code recorded: the status is the wrapper's 128 +
    // 9.
    assertThat(killed.exitCode()).isEqualTo(137);
    assertThat(killed.message()).contains("signal 9");
    assertThat(recordedExit("t-stubborn")).isEmpty();
    Await.until("group emptied", WAIT, () -> ProcessInfo.liveGroupMembers(pgid).isEmpty());
  }

  @Test
  void killOfAnUnknownTaskIsANoOp() {
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);

    launcher.kill("nobody");
    launcher.kill("../etc");

    assertThat(recorder.all()).isEmpty();
  }

  @Test
  void aNewLauncherReadoptsARunningTaskAndReportsItsEnd() {
    StatusRecorder first = new StatusRecorder();
    LocalLauncher a = launcher(first);
    a.launch(command("t-long", "echo started; " + WAIT_FOR_GO + "; echo finished"));
    first.await("t-long", TaskState.RUNNING);
    long pid = awaitPid("t-long");

    a.close();
    assertThat(ProcessInfo.isLive(pid)).as("task survives close()").isTrue();

    StatusRecorder second = new StatusRecorder();
    LocalLauncher b = launcher(second);
    b.reconcile(List.of(new KnownTask("t-long", false)));
    assertThat(second.await("t-long", TaskState.RUNNING).message()).contains("adopted");

    touch(tasksDir.resolve("t-long/go"));

    TaskStatus done = second.await("t-long", TaskState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    assertThat(second.statesOf("t-long")).containsExactly(TaskState.RUNNING, TaskState.SUCCEEDED);
    assertThat(first.statesOf("t-long")).containsExactly(TaskState.RUNNING);
  }

  @Test
  void anAdoptedTaskCanBeKilled() {
    StatusRecorder first = new StatusRecorder();
    LocalLauncher a = launcher(first);
    a.launch(command("t-adopted", "sleep 1000 & sleep 1000; wait"));
    long pgid = awaitPid("t-adopted");
    a.close();

    StatusRecorder second = new StatusRecorder();
    LocalLauncher b = launcher(second);
    b.reconcile(List.of(new KnownTask("t-adopted", false)));
    second.await("t-adopted", TaskState.RUNNING);

    b.kill("t-adopted");

    TaskStatus killed = second.await("t-adopted", TaskState.KILLED);
    assertThat(killed.exitCode()).isEqualTo(143);
    Await.until("group emptied", WAIT, () -> ProcessInfo.liveGroupMembers(pgid).isEmpty());
  }

  @Test
  void reconcileReportsTheExitCodeOfATaskThatEndedWhileNobodyWatched() {
    LocalLauncher a = launcher(new StatusRecorder());
    a.launch(command("t-gone", WAIT_FOR_GO + "; exit 4"));
    awaitPid("t-gone");
    a.close();
    touch(tasksDir.resolve("t-gone/go"));
    Await.until("exit recorded", WAIT, () -> recordedExit("t-gone").isPresent());

    StatusRecorder second = new StatusRecorder();
    launcher(second).reconcile(List.of(new KnownTask("t-gone", false)));

    TaskStatus failed = second.await("t-gone", TaskState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(4);
  }

  @Test
  void reconcileOfATaskNeverStartedReportsNotStarted() throws IOException {
    Files.createDirectories(tasksDir.resolve("t-empty-sandbox"));
    StatusRecorder recorder = new StatusRecorder();

    launcher(recorder)
        .reconcile(
            List.of(new KnownTask("t-unknown", true), new KnownTask("t-empty-sandbox", true)));

    assertThat(recorder.await("t-unknown", TaskState.NOT_STARTED).exitCode()).isNull();
    recorder.await("t-empty-sandbox", TaskState.NOT_STARTED);
  }

  @Test
  void reconcileOfAVanishedProcessWithoutExitFileReportsLost() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    writePidFile("t-dead", finished.pid());
    // A live process that is not our wrapper: a reused pid must not be adopted.
    writePidFile("t-reused", ProcessHandle.current().pid());
    StatusRecorder recorder = new StatusRecorder();

    launcher(recorder)
        .reconcile(List.of(new KnownTask("t-dead", false), new KnownTask("t-reused", false)));

    TaskStatus lost = recorder.await("t-dead", TaskState.LOST);
    assertThat(lost.message())
        .isEqualTo("task ended while Hydra was not watching; exit status unknown");
    recorder.await("t-reused", TaskState.LOST);
    assertThat(recorder.statesOf("t-reused")).containsExactly(TaskState.LOST);
  }

  @Test
  void launchingAStartedTaskAgainDoesNotStartASecondProcess() throws IOException {
    LaunchRequest request = command("t-once", "echo run >> runs; " + WAIT_FOR_GO);
    StatusRecorder first = new StatusRecorder();
    LocalLauncher a = launcher(first);

    a.launch(request);
    a.launch(request); // same instance, while it runs
    awaitPid("t-once");
    StatusRecorder second = new StatusRecorder();
    LocalLauncher b = launcher(second);
    b.launch(request); // another instance: the pid file turns this into an adoption
    second.await("t-once", TaskState.RUNNING);
    touch(tasksDir.resolve("t-once/go"));
    first.await("t-once", TaskState.SUCCEEDED);
    second.await("t-once", TaskState.SUCCEEDED);

    StatusRecorder third = new StatusRecorder();
    launcher(third).launch(request); // after the end: reported from the recorded exit code

    assertThat(third.await("t-once", TaskState.SUCCEEDED).exitCode()).isZero();
    assertThat(third.statesOf("t-once")).containsExactly(TaskState.SUCCEEDED);
    assertThat(Files.readAllLines(tasksDir.resolve("t-once/runs"))).containsExactly("run");
  }

  @Test
  void aLaunchThatCannotStartReportsFailedWithTheCause() throws IOException {
    Files.createDirectories(tasksDir);
    Files.writeString(tasksDir.resolve("t-blocked"), "a file where the sandbox should be");
    StatusRecorder recorder = new StatusRecorder();
    LocalLauncher launcher = launcher(recorder);

    launcher.launch(command("t-blocked", "true"));
    launcher.launch(request("t-nothing", null, List.of(), Map.of()));
    launcher.launch(command("../t-escape", "true"));

    assertThat(recorder.await("t-blocked", TaskState.FAILED).message())
        .contains("could not start the task")
        .contains("FileAlreadyExistsException");
    assertThat(recorder.await("t-nothing", TaskState.FAILED).message()).contains("neither");
    assertThat(recorder.await("../t-escape", TaskState.FAILED).message())
        .contains("invalid task id");
    assertThat(tmp.resolve("t-escape")).doesNotExist();
  }

  @Test
  void aMissingProgramIsAFailedTaskNotALaunchFailure() {
    StatusRecorder recorder = new StatusRecorder();
    launcher(recorder).launch(args("t-missing", List.of("/no/such/program")));

    assertThat(recorder.await("t-missing", TaskState.FAILED).exitCode()).isEqualTo(127);
  }

  @Test
  void openLogRejectsIdsThatEscapeTheTasksDirectory() throws IOException {
    Files.writeString(tmp.resolve("x"), "outside");
    Files.createDirectories(tasksDir.resolve("a"));
    Files.writeString(tasksDir.resolve("a/stdout"), "inside a");
    LocalLauncher launcher = launcher(new StatusRecorder());

    for (String id : List.of("../x", "..", "a/../a", "a/stdout", "", ".")) {
      assertThat(launcher.openLog(id, LogStream.STDOUT)).as("openLog(%s)", id).isEmpty();
    }
    assertThat(launcher.openLog("unknown", LogStream.STDOUT)).isEmpty();
    assertThat(readLog(launcher, "a", LogStream.STDOUT)).isEqualTo("inside a");
  }

  // ---------------------------------------------------------------------------------------------

  private LocalLauncher launcher(StatusRecorder recorder) {
    return track(
        new LocalLauncher(tasksDir, LocalLauncher.DEFAULT_KILL_GRACE, System.getenv(), starter()),
        recorder);
  }

  private LocalLauncher track(LocalLauncher launcher, StatusRecorder recorder) {
    launcher.start(recorder);
    launchers.add(launcher);
    return launcher;
  }

  private static LaunchRequest command(String taskId, String command) {
    return request(taskId, command, List.of(), Map.of());
  }

  private static LaunchRequest args(String taskId, List<String> args) {
    return request(taskId, null, args, Map.of());
  }

  private static LaunchRequest request(
      String taskId, String command, List<String> args, Map<String, String> env) {
    return new LaunchRequest(taskId, "job", command, args, env, 0.1, 16, 0, 0, null, List.of());
  }

  private static String readLog(LocalLauncher launcher, String taskId, LogStream stream)
      throws IOException {
    Optional<InputStream> log = launcher.openLog(taskId, stream);
    assertThat(log).as("log %s of %s", stream, taskId).isPresent();
    try (InputStream in = log.get()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> envOf(String envOutput) {
    Map<String, String> env = new HashMap<>();
    for (String line : envOutput.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  /** The exit code the wrapper recorded: the second line of the sandbox's pid file. */
  private Optional<String> recordedExit(String taskId) {
    try {
      List<String> lines = Files.readAllLines(tasksDir.resolve(taskId).resolve("pid"));
      return lines.size() > 1 ? Optional.of(lines.get(1)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The pid the wrapper recorded, once its line is complete: the wrapper creates the file and then
   * writes it, so for an instant the file exists and is empty (as {@link TaskDirectory} knows).
   */
  private long awaitPid(String taskId) {
    TaskDirectory dir = TaskDirectory.of(tasksDir, taskId).orElseThrow();
    Await.until("pid of " + taskId, WAIT, () -> dir.readPid().isPresent());
    return dir.readPid().getAsLong();
  }

  private void writePidFile(String taskId, long pid) throws IOException {
    Path sandbox = Files.createDirectories(tasksDir.resolve(taskId));
    Files.writeString(sandbox.resolve("pid"), pid + "\n");
  }

  private static void touch(Path file) {
    try {
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
