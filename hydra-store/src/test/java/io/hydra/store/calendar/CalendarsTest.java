package io.hydra.store.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendarsTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final LocalDate XMAS = LocalDate.of(2027, 12, 25);
  private static final LocalDate NEW_YEAR = LocalDate.of(2027, 1, 1);

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  @Test
  void aCalendarIsStoredWithItsDatesInOrderOnceAndVersioned() {
    CalendarSpec given = new CalendarSpec("holidays", "two days", List.of(XMAS, NEW_YEAR, XMAS));

    Calendars.Change first = store.inTransaction(tx -> tx.calendars().put(given, NOW));
    Calendars.Change again = store.inTransaction(tx -> tx.calendars().put(given, NOW));
    Calendars.Change changed =
        store.inTransaction(
            tx -> tx.calendars().put(new CalendarSpec("holidays", "one day", List.of(XMAS)), NOW));

    assertThat(List.of(first, again, changed))
        .containsExactly(
            Calendars.Change.CREATED, Calendars.Change.UNCHANGED, Calendars.Change.UPDATED);
    StoredCalendar stored = store.read(tx -> tx.calendars().get("holidays")).orElseThrow();
    assertThat(stored.spec().dates()).containsExactly(XMAS);
    assertThat(stored.spec().description()).isEqualTo("one day");
    assertThat(stored.version()).isEqualTo(2);
    List<StoredCalendar> all = store.read(tx -> tx.calendars().list());
    assertThat(all).extracting(StoredCalendar::name).contains("holidays");
  }

  @Test
  void usedByFindsJobsNamingTheCalendarInAnyOfTheirSchedules() {
    store.useTransaction(
        tx -> {
          tx.calendars().put(new CalendarSpec("freeze", null, List.of(XMAS)), NOW);
          tx.jobs()
              .create(
                  JobSpecReader.fromYaml(
                      "name: one\nschedule: {cron: '0 2 * * *', calendar: freeze}\n"
                          + "task: {command: 'true'}\n"),
                  "alice",
                  null,
                  NOW);
          tx.jobs()
              .create(
                  JobSpecReader.fromYaml(
                      "name: two\nschedule:\n  - {cron: '0 2 * * *'}\n"
                          + "  - {cron: '0 3 * * *', onlyOn: freeze}\ntask: {command: 'true'}\n"),
                  "alice",
                  null,
                  NOW);
          tx.jobs()
              .create(
                  JobSpecReader.fromYaml(
                      "name: three\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n"),
                  "alice",
                  null,
                  NOW);
        });

    List<String> users = store.read(tx -> tx.calendars().usedBy("freeze"));
    boolean deleted = store.inTransaction(tx -> tx.calendars().delete("freeze"));
    boolean again = store.inTransaction(tx -> tx.calendars().delete("freeze"));

    assertThat(users).containsExactly("one", "two");
    assertThat(deleted).isTrue();
    assertThat(again).isFalse();
  }
}
