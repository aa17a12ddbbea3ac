package io.hydra.scheduler.engine;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.time.SettableClock;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A calendar changed through one instance reaches the firing of another over the change channel, as
 * a job change does: two started engines on one database.
 */
class CalendarChangeNoticeTest {

  private Database db;
  private Engine here;
  private Engine there;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    here = engine(new Store(db.jdbi()));
    there = engine(new Store(db.jdbi()));
  }

  private static Engine engine(Store store) {
    Engine engine =
        new Engine(
            store,
            new ScriptedLauncher(),
            new SettableClock(Instant.parse("2026-03-02T10:30:00Z")),
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog());
    engine.start();
    return engine;
  }

  @AfterEach
  void tearDown() {
    here.close();
    there.close();
    db.close();
  }

  @Test
  void aCalendarPutOrDeletedOnOneInstanceIsReadByTheOther() {
    CalendarService calendars = new CalendarService(new Store(db.jdbi()), here);
    LocalDate day = LocalDate.of(2026, 12, 25);

    calendars.put("noticed", new CalendarSpec(null, null, List.of(day)));

    Await.until(
        "the other engine read the calendar",
        Duration.ofSeconds(20),
        () -> there.catalog().calendars().containsKey("noticed"));
    calendars.delete("noticed");
    Await.until(
        "the other engine forgot the calendar",
        Duration.ofSeconds(20),
        () -> !there.catalog().calendars().containsKey("noticed"));
  }
}
