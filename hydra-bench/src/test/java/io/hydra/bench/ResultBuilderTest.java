package io.hydra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultBuilderTest {

  // Every component set, each to a different value, so one the builder forgot to copy shows.
  private static final Result FULL =
      new Result(
          "hydra",
          "dag",
          1000,
          "local",
          1.5,
          2.5,
          3.5,
          4.5,
          5.5,
          6.5,
          7.5,
          8,
          9,
          10.5,
          11.5,
          12.5,
          13.5,
          14,
          15L,
          List.of(16.5),
          List.of(17.5),
          18.5,
          19.5,
          20.0,
          20.5,
          21.0,
          21.5);

  private static Result.Builder measured() {
    return Result.builder("quartz", "burst", 10)
        .startsPerSec(1)
        .lagP50Ms(2)
        .lagP95Ms(3)
        .lagP99Ms(4)
        .lagMaxMs(5)
        .firstStartMs(6)
        .drainMs(7)
        .duplicates(0)
        .missing(0)
        .commitsPerRun(0.5);
  }

  @Test
  void aRoundTripThroughTheBuilderGivesAnEqualResult() {
    assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
    Result minimal = measured().build();
    assertThat(minimal.toBuilder().build()).isEqualTo(minimal);
  }

  @Test
  void whatIsNotSetOfTheOptionalFiguresIsNull() {
    assertThat(measured().build())
        .isEqualTo(
            new Result(
                "quartz", "burst", 10, null, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0.5, null, null, null, null,
                null, null, null, null, null, null, null, null, null));
  }

  @Test
  void aMeasuredFigureLeftUnsetIsRefusedRatherThanWrittenAsZero() {
    assertThatThrownBy(() -> Result.builder("hydra", "burst", 10).startsPerSec(1).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lagP50Ms");
  }
}
