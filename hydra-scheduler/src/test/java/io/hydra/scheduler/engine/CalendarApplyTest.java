package io.hydra.scheduler.engine;

import static io.hydra.scheduler.engine.ApplyFixture.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.scheduler.apply.ApplyPlan;
import io.hydra.scheduler.apply.InvalidJobSetException;
import io.hydra.scheduler.apply.JobSet;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.store.Store;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calendars applied with jobs ({@code kind: calendar}) against real PostgreSQL. */
class CalendarApplyTest {

  private ApplyFixture fixture;
  private Store store;
  private Engine engine;
  private JobService jobs;
  private JobApply apply;

  @BeforeEach
  void setUp() {
    fixture = new ApplyFixture();
    store = fixture.store;
    engine = fixture.engine;
    jobs = fixture.jobs;
    apply = fixture.apply;
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private static final JsonNode CALENDAR =
      yaml("kind: calendar\nname: holidays\ndates: [2026-12-25, 2026-12-24]\n");
  private static final JsonNode JOB =
      yaml(
          "kind: job\nname: j\nschedule: {cron: '0 1 * * *', calendar: holidays}\n"
              + "task: {command: 'true'}\n");

  private ApplyPlan run(boolean dryRun, JsonNode... set) {
    return apply.apply(new JobApply.Request(List.of(set), false, dryRun, null, null, "ci"));
  }

  @Test
  void aCalendarAndAJobNamingItAreAppliedTogether() {
    ApplyPlan dry = run(true, CALENDAR, JOB);
    assertThat(dry.calendars())
        .containsExactly(new ApplyPlan.CalendarChange("holidays", "created"));
    assertThat(new CalendarService(store, engine).list()).isEmpty();

    ApplyPlan plan = run(false, CALENDAR, JOB);

    assertThat(plan.calendars())
        .containsExactly(new ApplyPlan.CalendarChange("holidays", "created"));
    assertThat(plan.created()).extracting(ApplyPlan.Created::job).containsExactly("j");
    assertThat(engine.catalog().calendars().get("holidays").dates())
        .containsExactly(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25));
    ApplyPlan again = run(false, CALENDAR, JOB);
    assertThat(again.hasChanges()).isFalse();
    assertThat(again.calendars())
        .extracting(ApplyPlan.CalendarChange::change)
        .containsExactly("unchanged");
  }

  @Test
  void aJobNamingACalendarNeitherInTheSetNorOnTheServerIsRefusedAndNothingChanges() {
    assertThatThrownBy(() -> run(false, JOB))
        .isInstanceOf(InvalidJobSetException.class)
        .satisfies(
            e ->
                assertThat(((InvalidJobSetException) e).jobErrors())
                    .extracting(JobSetError::path, JobSetError::message)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                            "jobs[0].schedule.calendar", "unknown calendar 'holidays'")));
    assertThat(jobs.list()).isEmpty();
  }

  @Test
  void aBadCalendarOrKindNamesItsField() {
    JsonNode bad = yaml("kind: calendar\nname: x\ndates: [2026-12-25, 2026-12-25]\n");
    JsonNode odd = yaml("kind: dataset\nname: y\n");

    assertThat(JobSet.parse(List.of(bad, odd)).errors())
        .extracting(JobSetError::path)
        .containsExactly("jobs[0].dates[1]", "jobs[1].kind");
    assertThat(JobSet.parse(List.of(JOB)).validateClosed())
        .extracting(JobSetError::path)
        .containsExactly("jobs[0].schedule.calendar");
    assertThat(JobSet.parse(List.of(CALENDAR, JOB)).validateClosed()).isEmpty();
  }
}
