package io.hydra.scheduler.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The launcher's small helpers, without processes. */
class LocalLauncherPartsTest {

  private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void statIsParsedEvenWhenTheCommandNameHasSpacesAndParentheses() {
    ProcessInfo.Stat stat =
        ProcessInfo.parseStat("4242 (my (odd) cmd) S 1 4240 4239 0 -1 4194560 100 0 0 0");

    assertThat(stat).isEqualTo(new ProcessInfo.Stat(4242, 'S', 1, 4240, 4239));
    assertThat(stat.isLive()).isTrue();
    assertThat(ProcessInfo.parseStat("7 (sh) Z 1 7 7 0").isLive()).isFalse();
  }

  @Test
  void thisJvmIsLiveAndItsGroupIsNeverSignalled() {
    long self = ProcessHandle.current().pid();

    assertThat(ProcessInfo.isLive(self)).isTrue();
    assertThat(ProcessInfo.liveGroupMembers(ProcessInfo.ownProcessGroup())).contains(self);
    assertThatThrownBy(() -> ProcessGroupSignals.signal(ProcessInfo.ownProcessGroup(), "TERM"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessGroupSignals.signal(0, "TERM"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void taskIdsThatCouldEscapeTheTasksDirectoryAreRejected() {
    Path tasks = Path.of("/data/tasks");

    assertThat(TaskDirectory.of(tasks, "hydra.etl.1700000000000.1"))
        .hasValueSatisfying(
            d -> assertThat(d.root()).isEqualTo(tasks.resolve("hydra.etl.1700000000000.1")));
    for (String bad : new String[] {"../x", "..", "a/b", "/etc", "", ".", "a..b", "x\0y"}) {
      assertThat(TaskDirectory.of(tasks, bad)).as("'%s'", bad).isEmpty();
    }
    assertThat(TaskDirectory.of(tasks, null)).isEmpty();
  }

  @Test
  void wrapperIsRecognisedOnlyForItsOwnSandbox() {
    Path sandbox = Path.of("/data/tasks/t1");
    List<String> cmdline = TaskWrapper.commandLine(sandbox, List.of("/bin/true"));

    assertThat(TaskWrapper.isWrapperOf(cmdline, sandbox)).isTrue();
    assertThat(TaskWrapper.isWrapperOf(cmdline, Path.of("/data/tasks/t2"))).isFalse();
    assertThat(TaskWrapper.isWrapperOf(List.of("sleep", "1000"), sandbox)).isFalse();
  }

  @Test
  void outcomesFollowTheExitCodeTheKillRequestAndWhatIsKnown() {
    assertThat(Outcomes.ended("t", false, OptionalInt.of(0), 0, AT))
        .isEqualTo(new TaskStatus("t", TaskState.SUCCEEDED, 0, null, AT));
    assertThat(Outcomes.ended("t", false, OptionalInt.of(3), 3, AT))
        .isEqualTo(new TaskStatus("t", TaskState.FAILED, 3, "exited with code 3", AT));
    assertThat(Outcomes.ended("t", true, OptionalInt.of(143), 143, AT).state())
        .isEqualTo(TaskState.KILLED);
    assertThat(Outcomes.ended("t", false, OptionalInt.empty(), 137, AT))
        .satisfies(s -> assertThat(s.state()).isEqualTo(TaskState.FAILED))
        .satisfies(s -> assertThat(s.exitCode()).isEqualTo(137))
        .satisfies(s -> assertThat(s.message()).contains("signal 9", "before recording"));
    assertThat(Outcomes.ended("t", false, OptionalInt.empty(), null, AT))
        .isEqualTo(new TaskStatus("t", TaskState.LOST, null, Outcomes.UNWATCHED_END, AT));
    assertThat(Outcomes.ended("t", true, OptionalInt.empty(), null, AT).state())
        .isEqualTo(TaskState.KILLED);
  }
}
