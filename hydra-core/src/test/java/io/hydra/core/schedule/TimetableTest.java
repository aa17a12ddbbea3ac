package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.job.CatchupPolicy;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several schedules merged, and calendars excluding dates (docs/scheduling.md). */
class TimetableTest {

  private static final CalendarSpec HOLIDAYS =
      new CalendarSpec(
          "us-holidays",
          "two holidays",
          List.of(LocalDate.of(2027, 12, 24), LocalDate.of(2027, 12, 31)));
  private static final Map<String, CalendarSpec> CALENDARS = Map.of(HOLIDAYS.name(), HOLIDAYS);

  static ScheduleSpec daily(String cron, String zone, String calendar, String onlyOn) {
    return new ScheduleSpec(
        cron, CronDialect.UNIX, zone, null, CatchupPolicy.LATEST, null, calendar, onlyOn);
  }

  @Test
  void twoSchedulesFiringAtTheSameInstantMakeOneFire() {
    Timetable t =
        Timetable.of(
            List.of(
                daily("0 9 * * *", "UTC", null, null), daily("0 9,17 * * *", "UTC", null, null)),
            Map.of());

    List<Instant> fires =
        t.firesBetween(
            Instant.parse("2027-01-04T00:00:00Z"), Instant.parse("2027-01-05T00:00:00Z"), 10);

    assertThat(fires)
        .containsExactly(
            Instant.parse("2027-01-04T09:00:00Z"), Instant.parse("2027-01-04T17:00:00Z"));
    assertThat(t.producers(Instant.parse("2027-01-04T09:00:00Z"))).hasSize(2);
    assertThat(t.producers(Instant.parse("2027-01-04T17:00:00Z"))).hasSize(1);
  }

  @Test
  void aFireOnACalendarDateIsExcludedByThatCalendarAndNamesIt() {
    Timetable t = Timetable.of(List.of(daily("0 9 * * *", "UTC", "us-holidays", null)), CALENDARS);

    Reason why = t.exclusion(Instant.parse("2027-12-24T09:00:00Z")).orElseThrow();

    assertThat(why.kind()).isEqualTo(ReasonKind.CALENDAR);
    assertThat(why.text())
        .isEqualTo(
            "calendar: fire at 2027-12-24T09:00:00Z was not run: 2027-12-24 is excluded by"
                + " calendar us-holidays");
    assertThat(t.exclusion(Instant.parse("2027-12-23T09:00:00Z"))).isEmpty();
  }

  @Test
  void aScheduleWithoutCalendarsIsNotExcludedByACalendarNamedNull() {
    CalendarSpec odd = new CalendarSpec("null", null, List.of(LocalDate.of(2027, 12, 23)));
    Timetable t = Timetable.of(List.of(daily("0 9 * * *", "UTC", null, null)), Map.of("null", odd));

    assertThat(t.exclusion(Instant.parse("2027-12-23T09:00:00Z"))).isEmpty();
  }

  @Test
  void theDateIsReadInTheSchedulesZone() {
    // 2027-12-24T03:00Z is still 2027-12-23 in New York: not excluded there.
    Timetable ny =
        Timetable.of(
            List.of(daily("0 22 * * *", "America/New_York", "us-holidays", null)), CALENDARS);

    assertThat(ny.exclusion(Instant.parse("2027-12-24T03:00:00Z"))).isEmpty();
    assertThat(ny.exclusion(Instant.parse("2027-12-25T03:00:00Z"))).isPresent();
  }

  @Test
  void onlyOnRunsOnWeekdaysThatAreNotCalendarDates() {
    Timetable t = Timetable.of(List.of(daily("0 9 * * *", "UTC", null, "us-holidays")), CALENDARS);

    assertThat(t.exclusion(Instant.parse("2027-12-23T09:00:00Z"))).isEmpty(); // Thursday
    assertThat(t.exclusion(Instant.parse("2027-12-24T09:00:00Z")).orElseThrow().text())
        .endsWith("2027-12-24 is not a business day of calendar us-holidays");
    assertThat(t.exclusion(Instant.parse("2027-12-25T09:00:00Z"))).isPresent(); // Saturday
  }

  @Test
  void aFireRunsWhenOneOfTheSchedulesMakingItDoesNotExcludeIt() {
    Timetable t =
        Timetable.of(
            List.of(
                daily("0 9 * * *", "UTC", "us-holidays", null),
                daily("0 9 * * *", "UTC", null, null)),
            CALENDARS);

    assertThat(t.exclusion(Instant.parse("2027-12-24T09:00:00Z"))).isEmpty();
  }

  @Test
  void theFirePlanSkipsExcludedDatesAndNeverCatchesThemUp() {
    Timetable t = Timetable.of(List.of(daily("0 9 * * *", "UTC", "us-holidays", null)), CALENDARS);
    Instant holiday = Instant.parse("2027-12-24T09:00:00Z");
    Instant now = Instant.parse("2027-12-24T09:00:00.005Z");

    FirePlan.Decision decision = FirePlan.of(t, holiday, now).decide(t, false, now);

    assertThat(decision.run()).isEmpty();
    assertThat(decision.recorded(100))
        .singleElement()
        .satisfies(s -> assertThat(s.reason().kind()).isEqualTo(ReasonKind.CALENDAR));
    // Paused or not, a calendar skip is a calendar skip: resuming must not run it.
    assertThat(FirePlan.of(t, holiday, now).decide(t, true, now).excluded()).hasSize(1);
  }

  @Test
  void catchUpLatestRunsTheLatestFireThatIsNotExcluded() {
    Timetable t = Timetable.of(List.of(daily("0 9 * * *", "UTC", "us-holidays", null)), CALENDARS);
    Instant now = Instant.parse("2027-12-24T12:00:00Z");

    FirePlan.Decision d =
        FirePlan.of(t, Instant.parse("2027-12-22T09:00:00Z"), now).decide(t, false, now);

    assertThat(d.run()).containsExactly(Instant.parse("2027-12-23T09:00:00Z"));
    assertThat(d.skipped()).containsExactly(Instant.parse("2027-12-22T09:00:00Z"));
    assertThat(d.excluded())
        .extracting(FirePlan.Skip::fire)
        .containsExactly(Instant.parse("2027-12-24T09:00:00Z"));
  }

  @Test
  void eachScheduleKeepsItsOwnCatchUpPolicy() {
    ScheduleSpec all =
        new ScheduleSpec("0 9 * * *", CronDialect.UNIX, "UTC", null, CatchupPolicy.ALL, null);
    ScheduleSpec none =
        new ScheduleSpec("0 17 * * *", CronDialect.UNIX, "UTC", null, CatchupPolicy.NONE, null);
    Timetable t = Timetable.of(List.of(all, none), Map.of());
    Instant now = Instant.parse("2027-01-06T18:00:00Z");

    FirePlan.Decision d =
        FirePlan.of(t, Instant.parse("2027-01-04T09:00:00Z"), now).decide(t, false, now);

    assertThat(d.run())
        .containsExactly(
            Instant.parse("2027-01-04T09:00:00Z"),
            Instant.parse("2027-01-05T09:00:00Z"),
            Instant.parse("2027-01-06T09:00:00Z"));
    assertThat(d.skipped()).hasSize(3); // the 17:00 fires, late under catchup: none
  }

  @Test
  void thePreviewMarksExcludedDates() {
    Timetable t = Timetable.of(List.of(daily("0 9 * * *", "UTC", "us-holidays", null)), CALENDARS);

    List<SchedulePreview.Fire> fires =
        SchedulePreview.next(t, Instant.parse("2027-12-23T00:00:00Z"), 2);

    assertThat(fires)
        .extracting(SchedulePreview.Fire::excluded)
        .containsExactly(null, "calendar us-holidays");
  }
}
