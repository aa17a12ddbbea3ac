package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hydra.core.time.SettableClock;
import io.hydra.store.Database;
import io.hydra.store.DatabaseConfig;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.testing.TcpProxy;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away just as schedules are due (shorter than the leader lease, so no new term
 * reloads the schedule index): every fire stays due and fires once the database is back. A fire
 * that is dropped from the in-memory index would never fire again until a restart or failover.
 */
class FiringOutageTest {

  private static final Instant START = Instant.parse("2026-03-02T10:30:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");

  /** More than the first batch of a boundary (50), so some wait for the next pass. */
  private static final int JOBS = 60;

  private final SettableClock clock = new SettableClock(START);
  private TcpProxy proxy;
  private Database db;
  private Store store;
  private ScheduleFiring firing;

  @BeforeEach
  void setUp() throws Exception {
    proxy =
        TcpProxy.inFrontOf(
            TestDatabase.url(
                TestDatabase.createDatabase(
                    "hydra_firing_outage_" + ProcessHandle.current().pid())));
    db = Database.open(DatabaseConfig.external(proxy.url(), "postgres", "postgres"));
    store = new Store(db.jdbi());
    SteppedFiring stepped = new SteppedFiring(store, clock, ScriptedLauncher.stepped());
    for (String job : jobNames()) {
      stepped.jobs.create(
          JobSpecReader.fromYaml(
              "name: " + job + "\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n"),
          "test",
          null);
    }
    firing = stepped.firing;
    firing.reload();
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
    proxy.close();
  }

  @Test
  void firesDueWhileTheDatabaseIsAwayFireOnceItIsBack() {
    clock.set(ELEVEN.plusMillis(5));
    proxy.cut();

    // The engine's step catches whatever a pass throws, logs it and goes on.
    catchThrowable(firing::fireDue);
    catchThrowable(firing::fireDue);
    assertThat(firing.isDue(clock.now())).as("the fires are still due").isTrue();
    assertThat(store.outages().unreachable()).isTrue();

    proxy.restore();
    while (firing.isDue(clock.now())) {
      firing.fireDue();
    }

    List<String> fired =
        store.read(
            tx ->
                tx.handle()
                    .createQuery("select job from run where logical_time = :t order by 1")
                    .bind("t", ELEVEN)
                    .mapTo(String.class)
                    .list());
    assertThat(fired).containsExactlyElementsOf(jobNames());
    assertThat(firing.nextDue()).contains(ELEVEN.plus(Duration.ofHours(1)));
    assertThat(store.outages().unreachable()).isFalse();
  }

  private static List<String> jobNames() {
    return IntStream.range(0, JOBS).mapToObj(i -> String.format("job-%02d", i)).toList();
  }
}
