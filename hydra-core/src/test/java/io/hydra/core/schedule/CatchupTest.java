package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.CatchupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchupTest {

  private static final Instant T1 = Instant.parse("2026-03-01T01:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-01T02:00:00Z");
  private static final Instant T3 = Instant.parse("2026-03-01T03:00:00Z");
  private static final List<Instant> DUE = List.of(T1, T2, T3);

  @Test
  void latestRunsOnlyTheMostRecentFire() {
    Catchup.Plan plan = Catchup.plan(DUE, CatchupPolicy.LATEST, null, T3.plusSeconds(600));

    assertThat(plan.run()).containsExactly(T3);
    assertThat(plan.missed()).containsExactly(T1, T2);
  }

  @Test
  void allRunsEveryFireInOrder() {
    Catchup.Plan plan = Catchup.plan(DUE, CatchupPolicy.ALL, null, T3.plusSeconds(600));

    assertThat(plan.run()).containsExactly(T1, T2, T3);
    assertThat(plan.missed()).isEmpty();
  }

  @Test
  void noneRunsAFireOnTimeButNoLateOne() {
    assertThat(Catchup.plan(DUE, CatchupPolicy.NONE, null, T3.plusMillis(5)).run())
        .containsExactly(T3);
    assertThat(Catchup.plan(DUE, CatchupPolicy.NONE, null, T3.plus(Duration.ofMinutes(5))).run())
        .isEmpty();
  }

  @Test
  void startingDeadlineBoundsLatenessUnderEveryPolicy() {
    Instant now = T3.plus(Duration.ofMinutes(90));
    Catchup.Plan plan = Catchup.plan(DUE, CatchupPolicy.ALL, Duration.ofHours(3), now);

    assertThat(plan.run()).containsExactly(T2, T3);
    assertThat(plan.missed()).containsExactly(T1);
  }
}
