package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.CatchupPolicy;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirePlanTest {

  private static final CronSchedule HOURLY =
      CronSchedule.parse("0 * * * *", CronDialect.UNIX, ZoneId.of("UTC"));
  private static final Instant T1 = Instant.parse("2026-03-01T01:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-01T02:00:00Z");
  private static final Instant T3 = Instant.parse("2026-03-01T03:00:00Z");
  private static final Instant T4 = Instant.parse("2026-03-01T04:00:00Z");

  static ScheduleSpec schedule(CatchupPolicy catchup, Duration startingDeadline) {
    return new ScheduleSpec(
        "0 * * * *", CronDialect.UNIX, "UTC", DstPolicy.DEFAULT, catchup, startingDeadline);
  }

  @Test
  void aFireOnTimeIsDueAloneAndTheNextOneFollowsIt() {
    FirePlan plan = FirePlan.of(HOURLY, T1, T1.plusMillis(3));

    assertThat(plan.due()).containsExactly(T1);
    assertThat(plan.next()).isEqualTo(T2);
  }

  @Test
  void afterDowntimeEveryFireUpToNowIsDue() {
    FirePlan plan = FirePlan.of(HOURLY, T1, T3.plusSeconds(600));

    assertThat(plan.due()).containsExactly(T1, T2, T3);
    assertThat(plan.next()).isEqualTo(T4);
  }

  @Test
  void aStoredFireIsDueEvenIfTheScheduleNoLongerFiresThere() {
    Instant stored = T1.plusSeconds(17 * 60);

    FirePlan plan = FirePlan.of(HOURLY, stored, T2);

    assertThat(plan.due()).containsExactly(stored, T2);
    assertThat(plan.next()).isEqualTo(T3);
  }

  @Test
  void aScheduleThatNeverFiresAgainHasNoNextFire() {
    CronSchedule once =
        CronSchedule.parse("0 0 0 1 1 ? 2026", CronDialect.QUARTZ, ZoneId.of("UTC"));
    Instant fire = Instant.parse("2026-01-01T00:00:00Z");

    assertThat(FirePlan.of(once, fire, fire).next()).isNull();
  }

  @Test
  void catchupDecidesWhatRunsAndWhySkippedOnesWereSkipped() {
    Instant now = T3.plusSeconds(600);
    FirePlan plan = FirePlan.of(HOURLY, T1, now);

    FirePlan.Decision decision = plan.decide(schedule(CatchupPolicy.LATEST, null), false, now);

    assertThat(decision.run()).containsExactly(T3);
    assertThat(decision.skipped()).containsExactly(T1, T2);
    assertThat(decision.why()).isEqualTo(Reason.of(ReasonKind.MISSED, Reason.CATCHUP, "latest"));
  }

  @Test
  void aPausedJobSkipsEveryDueFireWhateverItsPolicy() {
    Instant now = T3.plusSeconds(1);
    FirePlan plan = FirePlan.of(HOURLY, T1, now);

    FirePlan.Decision decision = plan.decide(schedule(CatchupPolicy.ALL, null), true, now);

    assertThat(decision.run()).isEmpty();
    assertThat(decision.skipped()).containsExactly(T1, T2, T3);
    assertThat(decision.why()).isEqualTo(Reason.of(ReasonKind.PAUSED));
  }

  @Test
  void onlyTheNewestSkipsAreRecordedAndTheFirstCountsTheOthers() {
    FirePlan.Decision decision =
        new FirePlan.Decision(List.of(), List.of(T1, T2, T3, T4), Reason.of(ReasonKind.PAUSED));

    List<FirePlan.Skip> recorded = decision.recorded(2);

    Reason paused = Reason.of(ReasonKind.PAUSED);
    assertThat(recorded)
        .containsExactly(
            new FirePlan.Skip(T3, paused.with(Reason.FIRE, T3).with(Reason.NOT_RECORDED, 2)),
            new FirePlan.Skip(T4, paused.with(Reason.FIRE, T4)));
  }

  @Test
  void skipsWithinTheLimitAreAllRecordedWithoutACount() {
    FirePlan.Decision decision =
        new FirePlan.Decision(List.of(), List.of(T1, T2), Reason.of(ReasonKind.PAUSED));

    assertThat(decision.recorded(1000))
        .extracting(FirePlan.Skip::fire, s -> s.reason().detail(Reason.NOT_RECORDED))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T1, null),
            org.assertj.core.groups.Tuple.tuple(T2, null));
  }
}
