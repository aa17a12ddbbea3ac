package io.hydra.scheduler.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a sandbox's pid file is read: the wrapper writes its pid as the first line and appends the
 * exit code as the second, each in one write(2), and a reader may come at any instant, including
 * between a file's creation and its first write. Only whole lines count.
 */
class TaskDirectoryTest {

  @TempDir Path tasks;

  @Test
  void aStartedTaskHasAPidAndNoExitCode() throws IOException {
    TaskDirectory dir = sandbox("1234\n");

    assertThat(dir.wasStarted()).isTrue();
    assertThat(dir.readPid()).isEqualTo(OptionalLong.of(1234));
    assertThat(dir.readExitCode()).isEmpty();
  }

  @Test
  void anEndedTaskHasItsExitCodeOnTheSecondLine() throws IOException {
    TaskDirectory dir = sandbox("1234\n143\n");

    assertThat(dir.readPid()).isEqualTo(OptionalLong.of(1234));
    assertThat(dir.readExitCode()).isEqualTo(OptionalInt.of(143));
  }

  @Test
  void aLineNotYetEndedByItsNewlineIsNotReadInPart() throws IOException {
    // "14" of "143": read as nothing, never as exit code 14.
    assertThat(sandbox("1234\n14").readExitCode()).isEmpty();
    assertThat(sandbox("12").readPid()).isEmpty();
    assertThat(sandbox("").readPid()).isEmpty();
    assertThat(sandbox("").wasStarted()).as("created: the wrapper is about to write").isTrue();
  }

  @Test
  void aSandboxOfAnOlderWrapperWithAnExitFileReadsAlike() throws IOException {
    TaskDirectory dir = sandbox("1234\n");
    Files.writeString(dir.root().resolve(TaskDirectory.LEGACY_EXIT), "3\n");

    assertThat(dir.readExitCode()).isEqualTo(OptionalInt.of(3));
  }

  @Test
  void junkIsIgnoredAndANeverStartedTaskHasNoPidFile() throws IOException {
    assertThat(sandbox("1234\nrm -rf /\n").readExitCode()).isEmpty();
    TaskDirectory never = TaskDirectory.of(tasks, "hydra.never.1.1").orElseThrow();
    assertThat(never.wasStarted()).isFalse();
    assertThat(never.readExitCode()).isEmpty();
  }

  private int count;

  private TaskDirectory sandbox(String pidFile) throws IOException {
    TaskDirectory dir = TaskDirectory.of(tasks, "hydra.job.1." + ++count).orElseThrow();
    Files.createDirectories(dir.root());
    Files.writeString(dir.pidFile(), pidFile);
    return dir;
  }
}
