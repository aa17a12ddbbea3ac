package io.hydra.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.testing.Specs;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Several schedules and calendars: every error names its field, with the schedule's index. */
class ScheduleListValidationTest {

  private static JobSpec withSchedules(ScheduleSpec... schedules) {
    JobSpec base = Specs.scheduled("job");
    return JobSpec.builder(base.name())
        .task(base.task())
        .schedules(Arrays.asList(schedules))
        .build();
  }

  private static ScheduleSpec cron(String cron, String calendar, String onlyOn) {
    return new ScheduleSpec(cron, null, null, null, null, null, calendar, onlyOn);
  }

  @Test
  void oneScheduleIsTheFirstOfTheList() {
    JobSpec job = withSchedules(cron("0 9 * * *", null, null), cron("0 17 * * *", null, null));

    assertThat(job.schedule().cron()).isEqualTo("0 9 * * *");
    assertThat(job.allSchedules()).hasSize(2);
    assertThat(Specs.scheduled("x").allSchedules()).hasSize(1);
    assertThat(job.normalized().allSchedules().get(1).timezone()).isEqualTo("UTC");
  }

  @Test
  void errorsOfSeveralSchedulesNameTheIndex() {
    JobSpec job =
        withSchedules(cron("0 9 * * *", null, null), cron("61 9 * * *", null, null), null);

    assertThat(JobValidator.validate(job))
        .extracting(FieldError::field)
        .containsExactly("schedule[1].cron", "schedule[2]");
  }

  @Test
  void oneScheduleKeepsItsPlainFieldNames() {
    assertThat(JobValidator.validate(withSchedules(cron("61 9 * * *", null, null))))
        .extracting(FieldError::field)
        .containsExactly("schedule.cron");
  }

  @Test
  void unknownCalendarsAreNamedByTheFieldThatNamesThem() {
    JobSpec one = withSchedules(cron("0 9 * * *", "nope", null));
    JobSpec two = withSchedules(cron("0 9 * * *", "known", null), cron("0 9 * * *", null, "gone"));

    assertThat(CalendarValidator.unknownCalendars(one, Set.of("known")))
        .containsExactly(new FieldError("schedule.calendar", "unknown calendar 'nope'"));
    assertThat(CalendarValidator.unknownCalendars(two, Set.of("known")))
        .containsExactly(new FieldError("schedule[1].onlyOn", "unknown calendar 'gone'"));
  }

  @Test
  void aCalendarNeedsAValidNameAndDatesOnce() {
    LocalDate day = LocalDate.of(2027, 12, 25);
    CalendarSpec bad = new CalendarSpec("Bad Name", null, Arrays.asList(day, null, day));

    assertThat(CalendarValidator.validate(bad))
        .extracting(FieldError::field)
        .containsExactly("name", "dates[1]", "dates[2]");
    assertThat(CalendarValidator.validate(new CalendarSpec("ok", null, List.of(day)))).isEmpty();
  }
}
