package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The printed table: the heap columns, and Hydra's ratio to each peer at the same size. */
class ResultTableTest {

  private static Result result(String peer, int n, double startsPerSec, Double heapMb) {
    return Result.builder(peer, "burst", n)
        .startsPerSec(startsPerSec)
        .lagP50Ms(1)
        .lagP95Ms(2)
        .lagP99Ms(10)
        .lagMaxMs(4)
        .firstStartMs(5)
        .drainMs(6)
        .duplicates(0)
        .missing(0)
        .commitsPerRun(0.1)
        .warmupRounds(1)
        .jitMs(0L)
        .roundStartsPerSec(List.of(startsPerSec))
        .roundLagP99Ms(List.of(10.0))
        .heapUsedMb(heapMb)
        .heapBytesPerRun(heapMb == null ? null : 900.0)
        .build();
  }

  @Test
  void underSizesEachPeerIsComparedWithHydraAtItsOwnSize() {
    String table =
        ResultTable.format(
            List.of(
                result("hydra", 100, 1000, 12.0),
                result("hydra", 1000, 4000, 14.0),
                result("db-scheduler", 100, 500, 11.0),
                result("db-scheduler", 1000, 1000, null)));

    assertThat(table)
        .contains("heapMB", "B/run")
        .contains("hydra / db-scheduler at n=100: starts/s x2.00")
        .contains("hydra / db-scheduler at n=1000: starts/s x4.00")
        .doesNotContain("x0.25")
        .doesNotContain("x8.00");
  }

  @Test
  void oneSizeKeepsTheShortRatioLine() {
    String table =
        ResultTable.format(
            List.of(result("hydra", 100, 1000, 12.0), result("quartz", 100, 100, 11.0)));

    assertThat(table).contains("hydra / quartz: starts/s x10.00");
  }

  @Test
  void theLocalLaunchersShareOfEachSpawnLimitIsPrinted() {
    Result local = result("hydra", 3000, 1200, null).withSpawnLimit(1000, 2400.0);
    Result withoutPosix = result("hydra", 3000, 600, null).withSpawnLimit(1200, null);

    assertThat(local.spawnRatio()).isEqualTo(1.2);
    assertThat(local.posixSpawnRatio()).isEqualTo(0.5);
    assertThat(withoutPosix.posixSpawnRatio()).isNull();
    assertThat(ResultTable.format(List.of(local)))
        .contains("spawnLimitPerSec 1000.0")
        .contains("starts/s / spawnLimitPerSec = 1.200")
        .contains("posixSpawnLimitPerSec 2400.0")
        .contains("starts/s / posixSpawnLimitPerSec = 0.500");
    assertThat(ResultTable.format(List.of(withoutPosix))).doesNotContain("posixSpawnLimitPerSec");
  }
}
