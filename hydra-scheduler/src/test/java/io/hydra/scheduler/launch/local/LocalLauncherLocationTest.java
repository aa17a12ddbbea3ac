package io.hydra.scheduler.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a task runs, and what reconciliation concludes from it: "never started" only from the
 * sandbox root the attempt was recorded in; from anywhere else, lost, naming where it ran.
 */
class LocalLauncherLocationTest {

  @TempDir Path tmp;
  private final List<LocalLauncher> launchers = new ArrayList<>();
  private final List<TaskStatus> statuses = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    launchers.forEach(LocalLauncher::close);
  }

  private LocalLauncher launcherOn(Path tasksDir) {
    LocalLauncher launcher = new LocalLauncher(tasksDir);
    launchers.add(launcher);
    launcher.start(statuses::add);
    return launcher;
  }

  @Test
  void theLocationIsThisHostAndTheRootsCanonicalPathAndMarkerId() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("real/tasks"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));

    TaskLocation location = launcherOn(link.resolve("tasks")).location().orElseThrow();

    assertThat(location.host()).isEqualTo(SandboxRoot.hostName()).isNotBlank();
    assertThat(location.root()).isEqualTo(real.toRealPath().toString());
    assertThat(location.id())
        .isEqualTo(Files.readString(real.resolve(SandboxRoot.MARKER)).trim())
        .isNotBlank();
  }

  @Test
  void aRootKeepsItsIdAcrossLaunchersAndTwoRootsDiffer() {
    TaskLocation first = launcherOn(tmp.resolve("a")).location().orElseThrow();
    TaskLocation again = launcherOn(tmp.resolve("a")).location().orElseThrow();
    TaskLocation other = launcherOn(tmp.resolve("b")).location().orElseThrow();

    assertThat(again).isEqualTo(first);
    assertThat(other.id()).isNotEqualTo(first.id());
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void aRootRecreatedUnderTheSamePathIsAnotherRoot() throws IOException {
    TaskLocation before = launcherOn(tmp.resolve("tasks")).location().orElseThrow();
    Files.delete(tmp.resolve("tasks").resolve(SandboxRoot.MARKER));

    TaskLocation after = launcherOn(tmp.resolve("tasks")).location().orElseThrow();

    assertThat(after.root()).isEqualTo(before.root());
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void aTaskRecordedInAnotherRootIsLostNamingWhereItRanNeverNotStarted() {
    TaskLocation otherRoot = launcherOn(tmp.resolve("other")).location().orElseThrow();
    TaskLocation otherHost = new TaskLocation("elsewhere.example", "/srv/hydra/tasks", "f00d");
    LocalLauncher here = launcherOn(tmp.resolve("here"));
    TaskLocation own = here.location().orElseThrow();

    here.reconcile(
        List.of(
            new KnownTask("hydra.job.1.1", true, otherRoot),
            new KnownTask("hydra.job.2.1", false, otherHost)));

    assertThat(statuses).hasSize(2).allMatch(s -> s.state() == TaskState.LOST);
    assertThat(statuses.get(0).taskId()).isEqualTo("hydra.job.1.1");
    assertThat(statuses.get(0).message())
        .contains("host " + otherRoot.host(), "root " + otherRoot.root(), otherRoot.id())
        .contains("root " + own.root());
    assertThat(statuses.get(1).message())
        .startsWith("launched at host elsewhere.example, root /srv/hydra/tasks (id f00d)")
        .contains("cannot see");
  }

  @Test
  void aTaskRecordedInThisRootThatNeverStartedIsNotStarted() {
    LocalLauncher here = launcherOn(tmp.resolve("here"));

    here.reconcile(List.of(new KnownTask("hydra.job.1.1", true, here.location().orElseThrow())));

    assertThat(statuses)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.taskId()).isEqualTo("hydra.job.1.1");
              assertThat(s.state()).isEqualTo(TaskState.NOT_STARTED);
            });
  }

  @Test
  void aTaskRecordedWithoutALocationIsTakenToBeInThisRoot() {
    LocalLauncher here = launcherOn(tmp.resolve("here"));

    here.reconcile(List.of(new KnownTask("hydra.job.1.1", true, null)));

    assertThat(statuses)
        .singleElement()
        .extracting(TaskStatus::state)
        .isEqualTo(TaskState.NOT_STARTED);
  }

  @Test
  void aTaskRecordedInThisRootThatEndedReportsItsExitCode() throws IOException {
    LocalLauncher here = launcherOn(tmp.resolve("here"));
    Path sandbox = Files.createDirectories(tmp.resolve("here").resolve("hydra.job.1.1"));
    Files.writeString(sandbox.resolve(TaskDirectory.PID), "1\n3\n");

    here.reconcile(List.of(new KnownTask("hydra.job.1.1", false, here.location().orElseThrow())));

    assertThat(statuses)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.state()).isEqualTo(TaskState.FAILED);
              assertThat(s.exitCode()).isEqualTo(3);
            });
  }
}
