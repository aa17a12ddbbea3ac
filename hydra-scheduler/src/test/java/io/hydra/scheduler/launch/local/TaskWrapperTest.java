package io.hydra.scheduler.launch.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shell command runs in a subshell of the wrapper, not a shell of its own (issue 23): it must
 * still see what {@code sh -c} would give it, so nothing of the wrapper's (its positional
 * parameters, its traps) reaches it, and SIGTERM ends it. The wrapper is run directly here, as the
 * launcher runs it, and waited for.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TaskWrapperTest {

  @TempDir Path sandbox;

  @Test
  void aCommandSeesNoParametersOrTrapsOfTheWrapper() throws Exception {
    assertThat(run("echo \"$#|$1|$2|$d\"; trap; exit 5")).isEqualTo(5);
    assertThat(Files.readString(sandbox.resolve("out"))).isEqualTo("0|||\n");
    assertThat(Files.readAllLines(sandbox.resolve("pid")))
        .as("the pid, then the exit code")
        .hasSize(2)
        .satisfies(lines -> assertThat(lines.get(0)).matches("[0-9]+"))
        .satisfies(lines -> assertThat(lines.get(1)).isEqualTo("5"));
    assertThat(sandbox.resolve("exit")).as("no file of its own any more").doesNotExist();
  }

  @Test
  void aCommandEndsOnSigtermWhileTheWrapperRecordsIt() throws Exception {
    // The subshell signals itself: $$ would name the wrapper, so its pid comes from a child's ppid.
    assertThat(run("kill -TERM \"$(exec sh -c 'echo $PPID')\"; echo survived")).isEqualTo(143);
    assertThat(Files.readString(sandbox.resolve("out"))).isEmpty();
    assertThat(exitLine()).isEqualTo("143");
  }

  /**
   * A kill that reaches the group after the pid is recorded and before the task is forked: the
   * wrapper does not start the task (which would otherwise run unkilled until the SIGKILL grace).
   * The race is made certain by having the wrapper signal itself right after recording its pid.
   */
  @Test
  void aTermBetweenThePidAndTheTaskKeepsTheTaskFromStarting() throws Exception {
    for (String script : List.of(TaskWrapper.SCRIPT, TaskWrapper.COMMAND_SCRIPT)) {
      String pidLine =
          script.lines().filter(l -> l.startsWith("echo $$")).findFirst().orElseThrow();
      String racing = script.replace(pidLine, pidLine + "\nkill -TERM $$");
      Files.deleteIfExists(sandbox.resolve("pid"));
      List<String> line =
          script == TaskWrapper.SCRIPT
              ? List.of(
                  "/bin/sh", "-c", racing, TaskWrapper.MARKER, sandbox.toString(), "touch", "ran")
              : List.of(
                  "/bin/sh", "-c", racing, TaskWrapper.MARKER, sandbox.toString(), "touch ran");
      Process wrapper = new ProcessBuilder(line).directory(sandbox.toFile()).start();
      assertThat(wrapper.waitFor()).isEqualTo(143);
      assertThat(sandbox.resolve("ran")).as("the task never started").doesNotExist();
      assertThat(exitLine()).isEqualTo("143");
    }
  }

  /** The exit code the wrapper recorded: the second line of its pid file. */
  private String exitLine() throws IOException {
    return Files.readAllLines(sandbox.resolve("pid")).get(1);
  }

  private int run(String command) throws IOException, InterruptedException {
    Process wrapper =
        new ProcessBuilder(TaskWrapper.commandLine(sandbox, command))
            .redirectOutput(sandbox.resolve("out").toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return wrapper.waitFor();
  }
}
