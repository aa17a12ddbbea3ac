package io.hydra.scheduler.launch.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.store.testing.Await;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every way of starting a wrapper must give it ({@link ProcessStarter}), for both ways. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessStarterTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "FOO", "bär baz");

  @TempDir Path tmp;
  private TaskDirectory dir;

  static Stream<ProcessStarter> starters() {
    return Stream.of(PosixSpawnStarter.instance().orElseThrow(), new JdkProcessStarter());
  }

  @BeforeEach
  void setUp() throws IOException {
    dir = TaskDirectory.of(tmp, "t1").orElseThrow();
    Files.createDirectories(dir.root());
  }

  @ParameterizedTest
  @MethodSource("starters")
  void theWrapperRunsInItsSandboxWithTheGivenEnvironmentAndFiles(ProcessStarter starter)
      throws Exception {
    Files.writeString(dir.stdout(), "before\n");
    String script = "cat; pwd; echo \"$FOO ${HOME-no home} ü\"; echo oops >&2; exit 3";

    StartedProcess process = starter.start(List.of("/bin/sh", "-c", script), ENV, dir);

    assertThat(process.exit().get(20, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(process.isAlive()).isFalse();
    // Input is empty (cat printed nothing), output appended, the sandbox the working directory.
    assertThat(Files.readString(dir.stdout()))
        .isEqualTo("before\n" + dir.root() + "\nbär baz no home ü\n");
    assertThat(Files.readString(dir.stderr())).isEqualTo("oops\n");
  }

  @ParameterizedTest
  @MethodSource("starters")
  void theWrapperLeadsASessionOfItsOwnAndASignalsEndIsReported(ProcessStarter starter)
      throws Exception {
    StartedProcess process = starter.start(List.of("/bin/sh", "-c", "sleep 30 & wait"), ENV, dir);
    long pid = process.pid();
    assertThat(process.group()).isIn(0L, pid);

    Await.until(
        "process " + pid + " leads its own session",
        WAIT,
        () -> ProcessInfo.ownSessionGroup(pid).isPresent());
    assertThat(ProcessInfo.ownSessionGroup(pid)).contains(pid);
    assertThat(process.isAlive()).isTrue();

    ProcessGroupSignals.signal(pid, "KILL");
    assertThat(process.exit().get(20, TimeUnit.SECONDS)).isEqualTo(128 + 9);
    Await.until(
        "the group's sleep is gone too", WAIT, () -> ProcessInfo.liveGroupMembers(pid).isEmpty());
  }

  @ParameterizedTest
  @MethodSource("starters")
  void theWrapperInheritsNoneOfThisJvmsOpenFiles(ProcessStarter starter) throws Exception {
    Path held = Files.writeString(tmp.resolve("held-open-by-hydra"), "x");
    try (FileInputStream open = new FileInputStream(held.toFile())) {
      StartedProcess process =
          starter.start(List.of("/bin/sh", "-c", "ls -l /proc/$$/fd/"), ENV, dir);
      assertThat(process.exit().get(20, TimeUnit.SECONDS)).isZero();
      assertThat(open.read()).isEqualTo('x');
    }

    String fds = Files.readString(dir.stdout());
    assertThat(fds).contains("0 -> /dev/null").doesNotContain("held-open-by-hydra");
  }

  @ParameterizedTest
  @MethodSource("starters")
  void aSandboxThatIsNotThereIsAnIoException(ProcessStarter starter) {
    TaskDirectory missing = TaskDirectory.of(tmp.resolve("nowhere"), "t2").orElseThrow();

    assertThatThrownBy(() -> starter.start(List.of("/bin/sh", "-c", "true"), ENV, missing))
        .isInstanceOf(IOException.class);
  }

  @Test
  void exitStatusesReadAsTheJdkReportsThem() {
    assertThat(PosixSpawnStarter.exitValue(0)).isZero();
    assertThat(PosixSpawnStarter.exitValue(3 << 8)).isEqualTo(3);
    assertThat(PosixSpawnStarter.exitValue(255 << 8)).isEqualTo(255);
    assertThat(PosixSpawnStarter.exitValue(9)).isEqualTo(137);
    // SIGSEGV with a core dump: the core flag (0x80) is not part of the signal.
    assertThat(PosixSpawnStarter.exitValue(0x80 | 11)).isEqualTo(139);
  }

  @Test
  void theSpawnProbeStartsAndReapsShellsInASandboxOfItsOwn() throws Exception {
    SpawnProbe probe = SpawnProbe.in(tmp.resolve("probes")).orElseThrow();

    probe.startAndReap();
    probe.startAndReap();

    // Both shells ran and wrote their (empty) output to the probe's sandbox.
    assertThat(Files.readString(tmp.resolve("probes/probe/stdout"))).isEmpty();
    assertThat(Files.readString(tmp.resolve("probes/probe/stderr"))).isEmpty();
  }
}
