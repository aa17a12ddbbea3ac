package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warm-up rounds end at the first quiet one, but not before the minimum nor after the maximum. */
class JitTest {

  private static final Jit.Span QUIET = new Jit.Span(5, 1000);
  private static final Jit.Span BUSY = new Jit.Span(500, 1000);

  @Test
  void aQuietRoundBeforeTheMinimumDoesNotEndTheWarmUp() throws Exception {
    List<Integer> ran = new ArrayList<>();
    int rounds =
        Jit.roundsUntilQuiet(
            3,
            10,
            n -> {
              ran.add(n);
              return n == 2 ? BUSY : QUIET;
            });
    assertThat(rounds).isEqualTo(3);
    assertThat(ran).containsExactly(1, 2, 3);
  }

  @Test
  void busyRoundsRunOnToTheFirstQuietOneOrTheMaximum() throws Exception {
    assertThat(Jit.roundsUntilQuiet(3, 10, n -> n < 6 ? BUSY : QUIET)).isEqualTo(6);
    assertThat(Jit.roundsUntilQuiet(3, 4, n -> BUSY)).isEqualTo(4);
    assertThat(Jit.roundsUntilQuiet(10, n -> n == 1 ? QUIET : BUSY)).isEqualTo(1);
  }
}
