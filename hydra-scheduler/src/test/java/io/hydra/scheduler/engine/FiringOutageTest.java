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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private final JobCatalog catalog = new JobCatalog();
  private final ScriptedLauncher launcher = new ScriptedLauncher();
  private TcpProxy proxy;
  private Database db;
  private Store store;
  private ScheduleFiring firing;

  @BeforeEach
  void setUp() throws Exception {
    String url =
        TestDatabase.url(
            TestDatabase.createDatabase("hydra_firing_outage_" + ProcessHandle.current().pid()));
    Matcher port = Pattern.compile(":(\\d+)/").matcher(url);
    assertThat(port.find()).isTrue();
    proxy = new TcpProxy(Integer.parseInt(port.group(1)));
    db =
        Database.open(
            DatabaseConfig.external(
                url.replace(":" + port.group(1) + "/", ":" + proxy.port() + "/"),
                "postgres",
                "postgres"));
    store = new Store(db.jdbi());
    // An engine that is never started: JobService writes definitions through it; the test drives
    // the fires one pass at a time, as the engine loop would.
    Engine idle =
        new Engine(
            store,
            new ScriptedLauncher(),
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            catalog);
    JobService jobs = new JobService(store, idle);
    for (String job : jobNames()) {
      jobs.create(
          JobSpecReader.fromYaml(
              "name: " + job + "\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n"),
          "test",
          null);
    }
    launcher.start(status -> {});
    Dispatcher dispatcher =
        new Dispatcher(store, catalog, launcher, clock, 500, () -> true, new StartBacklog());
    firing =
        new ScheduleFiring(
            store,
            new RequestedKills(launcher),
            catalog,
            new RunCreation(catalog, new Downstream(catalog)),
            dispatcher,
            clock,
            10,
            500,
            new StartBacklog());
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
