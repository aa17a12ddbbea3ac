package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.CatchupPolicy;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random schedules (in zones with DST), stored fires, downtimes and catch-up settings, checked
 * against what docs/scheduling.md (Missed fires and catch-up; Pause and resume) promises.
 */
class FirePlanPropertiesTest {

  private static final List<String> CRONS =
      List.of(
          "*/15 * * * *", "0 * * * *", "30 2 * * *", "0 1-3 * * *", "0 0 * * 1", "45 */5 * * *");
  private static final List<String> ZONES =
      List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata");
  private static final List<Duration> DEADLINES =
      List.of(Duration.ofMinutes(30), Duration.ofHours(3), Duration.ofDays(1));

  record Case(ScheduleSpec schedule, CronSchedule cron, Instant dueAt, Instant now) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.of(CRONS),
            Arbitraries.of(ZONES),
            Arbitraries.of(CatchupPolicy.values()),
            Arbitraries.of(DEADLINES).injectNull(0.4),
            Arbitraries.longs().between(0, 6L * 365 * 24 * 3600),
            Arbitraries.longs().between(0, 3L * 24 * 3600 * 1000))
        .as(
            (cron, zone, catchup, deadline, seed, downtimeMs) -> {
              ScheduleSpec spec =
                  new ScheduleSpec(
                      cron, CronDialect.UNIX, zone, DstPolicy.DEFAULT, catchup, deadline);
              CronSchedule schedule = CronSchedule.parse(spec);
              Instant dueAt =
                  schedule
                      .nextAfter(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(seed))
                      .orElseThrow();
              return new Case(spec, schedule, dueAt, dueAt.plusMillis(downtimeMs));
            });
  }

  @Property(tries = 300)
  void dueFiresStartAtTheStoredOneNeverRepeatAndNeverLieAfterNow(@ForAll("cases") Case c) {
    FirePlan plan = FirePlan.of(c.cron(), c.dueAt(), c.now());

    assertThat(plan.due().get(0)).isEqualTo(c.dueAt());
    for (int i = 1; i < plan.due().size(); i++) {
      assertThat(plan.due().get(i)).isAfter(plan.due().get(i - 1));
    }
    assertThat(plan.due()).allSatisfy(fire -> assertThat(fire).isBeforeOrEqualTo(c.now()));
  }

  @Property(tries = 300)
  void theNextFireIsTheFirstOneAfterNowSoNoFireIsLost(@ForAll("cases") Case c) {
    FirePlan plan = FirePlan.of(c.cron(), c.dueAt(), c.now());

    assertThat(plan.next()).isAfter(c.now());
    assertThat(c.cron().firesBetween(c.dueAt(), plan.next(), Integer.MAX_VALUE))
        .containsExactlyElementsOf(concat(plan.due().subList(1, plan.due().size()), plan.next()));
  }

  @Property(tries = 300)
  void everyDueFireEitherRunsOrIsSkippedAndRunsRespectThePolicy(
      @ForAll("cases") Case c, @ForAll boolean paused) {
    FirePlan plan = FirePlan.of(c.cron(), c.dueAt(), c.now());

    FirePlan.Decision decision = plan.decide(c.schedule(), paused, c.now());

    List<Instant> both = new ArrayList<>(decision.run());
    both.addAll(decision.skipped());
    assertThat(both).containsExactlyInAnyOrderElementsOf(plan.due());
    Duration deadline = c.schedule().startingDeadline();
    assertThat(decision.run())
        .allSatisfy(
            fire -> assertThat(deadline == null || !c.now().isAfter(fire.plus(deadline))).isTrue());
    if (paused) {
      assertThat(decision.run()).isEmpty();
    } else if (c.schedule().catchup() != CatchupPolicy.ALL) {
      assertThat(decision.run()).hasSizeLessThanOrEqualTo(1);
    }
    if (!paused && c.schedule().catchup() == CatchupPolicy.NONE) {
      assertThat(decision.run())
          .allSatisfy(fire -> assertThat(c.now()).isBeforeOrEqualTo(fire.plus(Catchup.ON_TIME)));
    }
  }

  @Property(tries = 300)
  void theNewestSkipsAreRecordedAndTheFirstCountsTheRest(
      @ForAll("cases") Case c, @ForAll @IntRange(min = 1, max = 50) int max) {
    FirePlan plan = FirePlan.of(c.cron(), c.dueAt(), c.now());
    FirePlan.Decision decision = plan.decide(c.schedule(), true, c.now());

    List<FirePlan.Skip> recorded = decision.recorded(max);

    List<Instant> skipped = decision.skipped();
    int left = Math.max(0, skipped.size() - max);
    assertThat(recorded)
        .extracting(FirePlan.Skip::fire)
        .containsExactlyElementsOf(skipped.subList(left, skipped.size()));
    for (int i = 0; i < recorded.size(); i++) {
      String count = recorded.get(i).reason().detail(Reason.NOT_RECORDED);
      assertThat(count).isEqualTo(i == 0 && left > 0 ? String.valueOf(left) : null);
    }
  }

  private static List<Instant> concat(List<Instant> list, Instant last) {
    List<Instant> all = new ArrayList<>(list);
    all.add(last);
    return all;
  }
}
