package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.job.CatchupPolicy;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.ScheduleSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sets of schedules (zones with DST) and calendars: the merged fires are strictly
 * increasing, unique, exactly the union of each schedule's fires, and a fire the plan runs never
 * falls on a date every schedule making it excludes.
 */
class TimetablePropertiesTest {

  private static final List<String> CRONS =
      List.of("0 9 * * *", "30 2 * * *", "0 */6 * * *", "0 9 * * 1-5", "15 9 1 * *", "0 0 * * 0");
  private static final List<String> ZONES =
      List.of("UTC", "Europe/London", "America/New_York", "Asia/Kolkata");
  private static final LocalDate START = LocalDate.of(2027, 1, 1);
  private static final Instant FROM = Instant.parse("2027-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2027-03-01T00:00:00Z");

  @Provide
  Arbitrary<ScheduleSpec> schedules() {
    return net.jqwik.api.Combinators.combine(
            Arbitraries.of(CRONS),
            Arbitraries.of(ZONES),
            Arbitraries.of("cal").injectNull(0.4),
            Arbitraries.of("cal").injectNull(0.7))
        .as(
            (cron, zone, calendar, onlyOn) ->
                new ScheduleSpec(
                    cron, CronDialect.UNIX, zone, null, CatchupPolicy.ALL, null, calendar, onlyOn));
  }

  @Property(tries = 60)
  void mergedFiresAreIncreasingUniqueAndTheUnionOfEachSchedule(
      @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("schedules") ScheduleSpec> specs,
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 59) Integer> dayOffsets) {
    Timetable t = Timetable.of(specs, Map.of("cal", calendar(dayOffsets)));

    List<Instant> merged = t.firesBetween(FROM, TO, 10_000);

    for (int i = 1; i < merged.size(); i++) {
      assertThat(merged.get(i)).isAfter(merged.get(i - 1));
    }
    Set<Instant> union = new TreeSet<>();
    specs.forEach(s -> union.addAll(CronSchedule.parse(s).firesBetween(FROM, TO, 10_000)));
    assertThat(merged).containsExactlyElementsOf(union);
  }

  @Property(tries = 60)
  void noFireThePlanRunsFallsOnADateEveryScheduleMakingItExcludes(
      @ForAll @Size(min = 1, max = 3) List<@net.jqwik.api.From("schedules") ScheduleSpec> specs,
      @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 59) Integer> dayOffsets) {
    Timetable t = Timetable.of(specs, Map.of("cal", calendar(dayOffsets)));
    Instant dueAt = t.nextAfter(FROM).orElseThrow();

    FirePlan plan = FirePlan.of(t, dueAt, TO);
    FirePlan.Decision d = plan.decide(t, false, TO);

    for (Instant fire : d.run()) {
      assertThat(t.exclusion(fire)).isEmpty();
    }
    List<Instant> accounted = new ArrayList<>(d.run());
    accounted.addAll(d.skipped());
    d.excluded().forEach(s -> accounted.add(s.fire()));
    assertThat(new TreeSet<>(accounted)).containsExactlyElementsOf(plan.due());
    assertThat(accounted).hasSameSizeAs(plan.due());
  }

  private static CalendarSpec calendar(List<Integer> dayOffsets) {
    return new CalendarSpec("cal", null, dayOffsets.stream().map(START::plusDays).toList());
  }
}
