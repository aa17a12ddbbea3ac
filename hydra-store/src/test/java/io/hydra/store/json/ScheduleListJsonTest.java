package io.hydra.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@code schedule:} as one object or a list, read and written the way it was written. */
class ScheduleListJsonTest {

  @Test
  void oneScheduleIsReadAndWrittenAsAnObject() {
    JobSpec spec =
        JobSpecReader.fromYaml(
            "name: a\nschedule: {cron: '0 2 * * *', calendar: hol}\ntask: {command: 'true'}\n");

    assertThat(spec.schedule().calendar()).isEqualTo("hol");
    assertThat(spec.allSchedules()).hasSize(1);
    assertThat(Json.write(spec))
        .contains("\"schedule\":{\"cron\":\"0 2 * * *\",\"calendar\":\"hol\"}");
    assertThat(Json.read(Json.write(spec), JobSpec.class)).isEqualTo(spec);
  }

  @Test
  void severalSchedulesAreReadAndWrittenAsAList() {
    JobSpec spec =
        JobSpecReader.fromYaml(
            """
            name: a
            schedule:
              - {cron: '0 9 * * 1-5', timezone: Europe/London, onlyOn: uk}
              - {cron: '0 12 * * 6'}
            task: {command: 'true'}
            """);

    assertThat(spec.schedule().timezone()).isEqualTo("Europe/London");
    assertThat(spec.allSchedules())
        .extracting(s -> s.cron())
        .containsExactly("0 9 * * 1-5", "0 12 * * 6");
    assertThat(Json.write(spec)).contains("\"schedule\":[{");
    assertThat(Json.read(Json.write(spec), JobSpec.class)).isEqualTo(spec);
  }

  @Test
  void aBadFieldInAListedScheduleNamesItsIndex() {
    assertThatThrownBy(
            () ->
                JobSpecReader.fromYaml(
                    "name: a\nschedule:\n  - {cron: '0 9 * * *'}\n  - {cron: '0 9 * * *', bogus: 1}\n"
                        + "task: {command: 'true'}\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("schedule[1].bogus");
  }

  @Test
  void aBadFieldInASingleScheduleNamesItWithoutAnIndex() {
    assertThatThrownBy(
            () ->
                JobSpecReader.fromYaml(
                    "name: a\nschedule: {cron: '0 9 * * *', bogus: 1}\ntask: {command: 'true'}\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("schedule.bogus");
  }

  @Test
  void theFirstScheduleIsNoFieldOfItsOwn() {
    assertThatThrownBy(
            () ->
                JobSpecReader.fromYaml(
                    "name: a\nfirstSchedule: {cron: '0 9 * * *'}\ntask: {command: 'true'}\n"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("firstSchedule");
  }

  @Test
  void aCalendarReadsIsoDatesAndNamesABadOne() {
    CalendarSpec c =
        JobSpecReader.fromTree(
            Json.json()
                .createObjectNode()
                .put("name", "x")
                .set("dates", Json.json().createArrayNode().add("2027-12-25")),
            CalendarSpec.class);

    assertThat(c.dates()).containsExactly(LocalDate.of(2027, 12, 25));
    assertThatThrownBy(
            () ->
                JobSpecReader.fromTree(
                    Json.json()
                        .createObjectNode()
                        .set("dates", Json.json().createArrayNode().add("2027-02-30")),
                    CalendarSpec.class))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("dates[0]")
        .hasMessageContaining("date such as");
  }
}
