package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static BenchOptions dag(int n, int chain) {
    return options(Workload.DAG, n, chain, Duration.ofSeconds(60));
  }

  private static BenchOptions options(Workload workload, int n, int chain, Duration timeout) {
    return new BenchOptions(
        workload,
        n,
        List.of("hydra"),
        4,
        1,
        Duration.ofSeconds(60),
        "inprocess",
        Duration.ofMillis(100),
        timeout,
        0,
        1,
        1,
        chain,
        null);
  }

  @Test
  void theChainIsATenthOfNUnlessSet() {
    assertThat(dag(100_000, 0).chainLength()).isEqualTo(10_000);
    assertThat(dag(100_000, 100).chainLength()).isEqualTo(100);
    assertThat(dag(100_000, 100).atSize(1_000).chainLength()).isEqualTo(100);
  }

  @Test
  void aSetChainLetsTheDagTakeFewerThanTenDependents() {
    assertThat(dag(5, 0).problems())
        .containsExactly("--n: the dag workload needs at least 10 (a chain of n/10 jobs), got 5");
    assertThat(dag(5, 2).problems()).isEmpty();
    assertThat(dag(100, -1).problems())
        .containsExactly("--chain: must be 0 (n/10) or more, got -1");
  }

  /**
   * A warm-up round needs the code run, not every start: one whose starts never all come (a cron
   * warm-up's fire skipped behind a caught-up one) must not hold the bench for the whole timeout.
   */
  @Test
  void aWarmUpRoundWaitsAtMostThirtySecondsForItsStarts() {
    assertThat(options(Workload.CRON, 20_000, 0, Duration.ofSeconds(300)).warmupRound().timeout())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(options(Workload.BURST, 20_000, 0, Duration.ofSeconds(10)).warmupRound().timeout())
        .isEqualTo(Duration.ofSeconds(10));
  }
}
