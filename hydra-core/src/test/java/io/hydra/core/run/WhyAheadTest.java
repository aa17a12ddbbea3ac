package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How {@code why} words the runs ahead of a queued run in the dispatcher's order. */
class WhyAheadTest {

  @Test
  void namesTheOwnersAheadMostFirstAndTheShareOfTheRunsOwner() {
    assertThat(new Why.Ahead(Map.of("data-eng", 3), "data-eng", 0.5).message())
        .isEqualTo("3 runs of owner data-eng ahead, fair share 50 %");
    Map<String, Integer> two = new TreeMap<>(Map.of("web", 1, "data-eng", 4));
    assertThat(new Why.Ahead(two, "etl", 1.0 / 3).message())
        .isEqualTo(
            "4 runs of owner data-eng and 1 run of owner web ahead, fair share 33 % for owner etl");
    assertThat(new Why.Ahead(Map.of("", 2), "", 1.0).message())
        .isEqualTo("2 runs of owner (none) ahead, fair share 100 %");
  }

  @Test
  void aRunFurtherBackThanWasLookedAtSaysAtLeast() {
    assertThat(new Why.Ahead(Map.of("flood", 1000), "flood", 0.5, true).message())
        .isEqualTo("at least 1000 runs of owner flood ahead, fair share 50 %");
  }
}
