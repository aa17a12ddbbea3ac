package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Capacity;
import io.hydra.core.run.RunState;
import io.hydra.core.time.SettableClock;
import io.hydra.scheduler.launch.ForwardingLauncher;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.local.LocalLauncher;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.Run;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 schedules due at one boundary start 300 real processes through the local launcher, on real
 * PostgreSQL: the engine loop's longest pass stays far below the time those process starts take one
 * after the other, which it would exceed if it waited on the launcher.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LaunchBurstTest {

  private static final int JOBS = 300;
  private static final Instant START = Instant.parse("2026-03-02T10:30:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");

  @TempDir Path tmp;
  private Database db;
  private Engine engine;

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void threeHundredProcessStartsDoNotLengthenTheLoopsPasses() {
    db = TestDatabase.create();
    Store store = new Store(db.jdbi());
    SettableClock clock = new SettableClock(START);
    TimedLauncher timed =
        new TimedLauncher(
            new LocalLauncher(tmp.resolve("tasks")).withCapacity(new Capacity(1000, 1_000_000)));
    engine =
        new Engine(
            store,
            timed,
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog());
    engine.start();
    JobService jobs = new JobService(store, engine);
    List<String> names = IntStream.range(0, JOBS).mapToObj(i -> "burst-" + i).toList();
    for (String name : names) {
      jobs.create(
          JobSpecReader.fromYaml(
              "name: " + name + "\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n"),
          "test",
          null);
    }
    Await.until("leading", Duration.ofSeconds(20), () -> engine.leadership().isLeader());
    engine.wake();
    long passesBefore = engine.passTimes().count();
    Await.until(
        "a pass after the definitions",
        Duration.ofSeconds(20),
        () -> engine.passTimes().count() > passesBefore + 1);
    engine.passTimes().resetLongest();

    long burstStarted = System.nanoTime();
    clock.set(ELEVEN.plusSeconds(1));
    engine.wake();
    Await.until(
        JOBS + " runs succeeded", Duration.ofSeconds(180), () -> succeeded(store, names) == JOBS);
    Duration burst = Duration.ofNanos(System.nanoTime() - burstStarted);

    Duration longest = engine.passTimes().longest();
    Duration serialized = Duration.ofNanos(timed.launchNanos.get());
    System.out.printf(
        "LaunchBurstTest: %d process starts, %s in the launcher altogether (longest %s),"
            + " burst %s; longest engine pass %s over %d passes%n",
        timed.launches.get(),
        serialized,
        Duration.ofNanos(timed.longestLaunchNanos.get()),
        burst,
        longest,
        engine.passTimes().count() - passesBefore);
    assertThat(timed.launches.get()).isEqualTo(JOBS);
    // Had the loop called the launcher itself, one pass would have held all 300 launches (a pass
    // claims and launches up to 5 batches, and these 300 runs fit in 3), so it would have lasted
    // at least the time spent in them.
    assertThat(longest).isLessThan(serialized.dividedBy(2));
  }

  private static long succeeded(Store store, List<String> names) {
    return store.read(tx -> tx.dependencyRuns().at(names, ELEVEN)).stream()
        .map(Run::state)
        .filter(s -> s == RunState.SUCCEEDED)
        .count();
  }

  /** Measures the time spent in the launcher's launch calls. */
  private static final class TimedLauncher extends ForwardingLauncher {
    final AtomicInteger launches = new AtomicInteger();
    final AtomicLong launchNanos = new AtomicLong();
    final AtomicLong longestLaunchNanos = new AtomicLong();

    TimedLauncher(Launcher delegate) {
      super(delegate);
    }

    @Override
    public void launch(LaunchRequest request) {
      long started = System.nanoTime();
      delegate.launch(request);
      long took = System.nanoTime() - started;
      launches.incrementAndGet();
      launchNanos.addAndGet(took);
      longestLaunchNanos.accumulateAndGet(took, Math::max);
    }
  }
}
