package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.time.SettableClock;
import io.hydra.scheduler.apply.ApplyPlan;
import io.hydra.scheduler.apply.InvalidJobSetException;
import io.hydra.scheduler.apply.JobSet;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.Json;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calendars applied with jobs ({@code kind: calendar}) against real PostgreSQL. */
class CalendarApplyTest {

  private Database db;
  private Store store;
  private Engine engine;
  private JobService jobs;
  private JobApply apply;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    store = new Store(db.jdbi());
    engine =
        new Engine(
            store,
            ScriptedLauncher.stepped(),
            new SettableClock(Instant.parse("2026-03-02T10:30:00Z")),
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog(),
            false);
    jobs = new JobService(store, engine);
    apply = new JobApply(jobs);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    db.close();
  }

  private static JsonNode yaml(String text) {
    try {
      return Json.yaml().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
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
