package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.time.SettableClock;
import io.hydra.scheduler.ha.ChangeListener;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
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
 * A notice that many jobs changed (an apply's, or the resync after the channel connects) reads
 * every definition again only if the job table changed since the last full read: a job written
 * while nobody listened is still found, but the resync after a start and the notice of this
 * instance's own apply no longer read a catalog it has just read (at a million jobs, seconds and a
 * second catalog in memory).
 */
class CatalogResyncTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:30:00Z");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Database db;
  private Store store;
  private Engine engine;
  private final JobCatalog catalog = new JobCatalog();

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    store = new Store(db.jdbi());
    write("before-start");
    engine =
        new Engine(
            store,
            new ScriptedLauncher(),
            new SettableClock(NOW),
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            catalog);
    engine.start();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    db.close();
  }

  @Test
  void aManyJobsNoticeReadsEveryDefinitionOnlyWhenTheTableChanged() {
    assertThat(catalog.fullReads()).as("at start").isEqualTo(1);

    // Written without a notice, as by an instance whose notice was lost: the next one finds it.
    write("unnoticed");
    ChangeListener.notify(store, ChangeListener.ALL_JOBS);
    Await.until("the unnoticed job is read", WAIT, () -> catalog.spec("unnoticed").isPresent());

    // Nothing changed since: this notice reads nothing. Notices are handled in order, so once the
    // calendar of the notice after it is read, this one has been handled. (A calendar, not a job:
    // it leaves the job table as it was, for the takeover, which checks it too, whenever it comes.)
    ChangeListener.notify(store, ChangeListener.ALL_JOBS);
    new CalendarService(store, engine)
        .put("marker", new CalendarSpec(null, null, List.of(LocalDate.of(2026, 12, 25))));
    Await.until("the marker is read", WAIT, () -> catalog.calendars().containsKey("marker"));

    // The start, then one read for the unnoticed job, by whichever of the notice, the resync after
    // the channel connected and the takeover came first after it was written.
    assertThat(catalog.fullReads()).isEqualTo(2);
  }

  private void write(String name) {
    store.useTransaction(
        tx ->
            tx.jobs()
                .create(
                    JobSpecReader.fromYaml(
                        "name: "
                            + name
                            + "\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}"),
                    "test",
                    null,
                    NOW));
  }
}
