package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Both spawn limits count shells started and reaped; the posix_spawn one leaves no sandbox. */
class SpawnLimitTest {

  @Test
  void bothLimitsCountShellsAndThePosixOneLeavesNothingBehind() throws Exception {
    long tempsBefore = probeDirectories();

    assertThat(SpawnLimit.measure(Duration.ofMillis(200))).isPositive();
    assertThat(SpawnLimit.measurePosix(Duration.ofMillis(200)).orElseThrow()).isPositive();
    assertThat(probeDirectories()).isEqualTo(tempsBefore);
  }

  private static long probeDirectories() throws IOException {
    try (Stream<Path> temps = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return temps.filter(p -> p.getFileName().toString().startsWith("hydra-spawn-probe")).count();
    }
  }
}
