package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.ValidationException;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.store.error.ConflictException;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calendars and several schedules on a stepped engine over real PostgreSQL: a fire on an excluded
 * date is a skipped run that reaches dependents, a calendar change reaches firing, and schedules
 * firing at one instant make one run.
 */
class CalendarFiringTest extends EngineFixture {

  private static final Instant MONDAY = Instant.parse("2026-03-02T12:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-03-03T12:00:00Z");
  private static final Instant WEDNESDAY = Instant.parse("2026-03-04T12:00:00Z");

  private CalendarService calendars() {
    return new CalendarService(store, engine);
  }

  private void holidays(LocalDate... dates) {
    calendars().put("holidays", new CalendarSpec(null, "test", List.of(dates)));
  }

  @Test
  void aFireOnAnExcludedDateIsSkippedByTheCalendarAndItsDependentsSeeASkip() {
    holidays(LocalDate.of(2026, 3, 3));
    define(
        "name: daily\nschedule: {cron: '0 12 * * *', calendar: holidays}\n"
            + "task: {command: 'true'}\n");
    define("name: report\nafter: [daily]\ntask: {command: 'true'}\n");

    // Fire by fire (one jump over all three would be downtime, with catch-up).
    advanceTo(MONDAY.plusSeconds(1));
    awaitState("daily", MONDAY, RunState.SUCCEEDED);
    advanceTo(TUESDAY.plusSeconds(1));
    Run holiday = awaitState("daily", TUESDAY, RunState.SKIPPED);
    advanceTo(WEDNESDAY.plusSeconds(1));
    awaitState("daily", WEDNESDAY, RunState.SUCCEEDED);
    assertThat(holiday.reasonKind()).isEqualTo(ReasonKind.CALENDAR);
    assertThat(holiday.reason())
        .isEqualTo(
            "calendar: fire at 2026-03-03T12:00:00Z was not run: 2026-03-03 is excluded by"
                + " calendar holidays");
    assertThat(runs.why(holiday.id()).reasons())
        .extracting(Why.Reason::kind)
        .containsExactly("calendar");
    assertThat(awaitState("report", TUESDAY, RunState.SKIPPED).reasonKind())
        .isEqualTo(ReasonKind.UPSTREAM_SKIPPED);
    assertThat(launcher.launchesOf("daily")).isEqualTo(2);
  }

  @Test
  void aCalendarChangedAfterTheJobReachesTheNextFire() {
    holidays();
    define(
        "name: daily\nschedule: {cron: '0 12 * * *', onlyOn: holidays}\n"
            + "task: {command: 'true'}\n");
    advanceTo(MONDAY.plusSeconds(1));
    awaitState("daily", MONDAY, RunState.SUCCEEDED);

    holidays(LocalDate.of(2026, 3, 3));
    advanceTo(TUESDAY.plusSeconds(1));

    Run skipped = awaitState("daily", TUESDAY, RunState.SKIPPED);
    assertThat(skipped.reason()).endsWith("2026-03-03 is not a business day of calendar holidays");
  }

  @Test
  void namingACalendarKeepsTheDueTimeSoAFireDueMeanwhileIsNotLost() {
    holidays();
    define("name: daily\nschedule: {cron: '0 12 * * *'}\ntask: {command: 'true'}\n");
    assertThat(jobs.nextFire("daily")).contains(MONDAY);
    clock.set(MONDAY.plusSeconds(30)); // due, not fired yet (no pass)

    jobs.update(
        "daily",
        JobSpecReader.fromYaml(
            "name: daily\nschedule: {cron: '0 12 * * *', calendar: holidays}\n"
                + "task: {command: 'true'}\n"),
        "alice",
        null);

    assertThat(jobs.nextFire("daily")).contains(MONDAY);
    awaitState("daily", MONDAY, RunState.SUCCEEDED);
  }

  @Test
  void twoSchedulesFiringAtTheSameInstantMakeOneRunAndOthersFireToo() {
    define(
        "name: twice\nschedule:\n  - {cron: '0 12 * * *'}\n  - {cron: '0 12,18 * * *'}\n"
            + "task: {command: 'true'}\n");

    advanceTo(MONDAY.plusSeconds(1));
    awaitState("twice", MONDAY, RunState.SUCCEEDED);
    advanceTo(Instant.parse("2026-03-02T18:00:01Z"));

    awaitState("twice", Instant.parse("2026-03-02T18:00:00Z"), RunState.SUCCEEDED);
    assertThat(runsOf("twice")).hasSize(2);
    assertThat(launcher.launchesOf("twice")).isEqualTo(2);
  }

  @Test
  void aJobNamingAnUnknownCalendarIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                jobs.create(
                    JobSpecReader.fromYaml(
                        "name: j\nschedule:\n  - {cron: '0 1 * * *'}\n"
                            + "  - {cron: '0 2 * * *', calendar: nope}\ntask: {command: 'true'}\n"),
                    "alice",
                    null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("schedule[1].calendar")
        .hasMessageContaining("unknown calendar 'nope'");
    assertThat(jobs.list()).isEmpty();
  }

  @Test
  void aCalendarAJobNamesCannotBeDeleted() {
    holidays();
    define("name: j\nschedule: {cron: '0 1 * * *', calendar: holidays}\ntask: {command: 'true'}\n");

    assertThatThrownBy(() -> calendars().delete("holidays"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("'j'");
    assertThat(calendars().get("holidays")).isPresent();

    jobs.delete("j", "alice");
    calendars().delete("holidays");
    assertThat(calendars().get("holidays")).isEmpty();
  }

  @Test
  void aBackfillRecordsExcludedDatesAsCalendarSkips() {
    holidays(LocalDate.of(2026, 2, 24));
    define(
        "name: daily\nschedule: {cron: '0 12 * * *', calendar: holidays}\n"
            + "task: {command: 'true'}\n");

    new BackfillService(store, engine)
        .start(
            "daily",
            Instant.parse("2026-02-23T00:00:00Z"),
            Instant.parse("2026-02-25T23:00:00Z"),
            3,
            java.util.Map.of(),
            "alice");
    settle();

    assertThat(run("daily", Instant.parse("2026-02-24T12:00:00Z")).orElseThrow().reasonKind())
        .isEqualTo(ReasonKind.CALENDAR);
    awaitState("daily", Instant.parse("2026-02-25T12:00:00Z"), RunState.SUCCEEDED);
  }
}
