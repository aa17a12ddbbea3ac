package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static BenchOptions dag(int n, int chain) {
    return new BenchOptions(
        Workload.DAG,
        n,
        List.of("hydra"),
        4,
        1,
        Duration.ofSeconds(60),
        "inprocess",
        Duration.ofMillis(100),
        Duration.ofSeconds(60),
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
}
