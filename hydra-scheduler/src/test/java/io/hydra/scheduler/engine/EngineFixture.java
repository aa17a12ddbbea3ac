package io.hydra.scheduler.engine;

import io.hydra.core.run.RunState;
import io.hydra.core.time.SettableClock;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunQuery;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An engine on a fresh real PostgreSQL database, with a settable clock and a scripted launcher, and
 * the helpers engine tests share.
 *
 * <p>By default the engine runs no thread: the test drives it one deterministic pass at a time
 * ({@link Engine#step()}), the launcher is called during the pass and reports on the test's thread
 * ({@link ScriptedLauncher#synchronous()}), and each wait is a bounded number of passes. A test of
 * the engine's own threads overrides {@link #stepped()}; its waits then poll with a deadline.
 */
abstract class EngineFixture {

  /** How long a threaded engine gets to bring about what a test waits for. */
  static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * How many passes a stepped engine gets to bring about what a test waits for: a task takes two
   * (launched, then its reports applied), so this is room for a long pipeline, and a wait that
   * cannot succeed fails in a second or two instead of after {@link #WAIT}.
   */
  static final int MAX_PASSES = 40;

  /** How many passes a stepped engine gets to settle before the test is failed. */
  private static final int MAX_SETTLE = 25;

  static final Instant START = Instant.parse("2026-03-02T10:30:00Z");

  Database db;
  Store store;
  SettableClock clock;
  ScriptedLauncher launcher;
  Engine engine;
  JobService jobs;
  RunService runs;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create();
    store = new Store(db.jdbi());
    clock = new SettableClock(START);
    startEngine();
  }

  /** Whether the engine is driven pass by pass on the test's thread (false: its own threads). */
  boolean stepped() {
    return true;
  }

  /** What the engine launches with: the scripted launcher, which a test may wrap. */
  Launcher launcherFor(ScriptedLauncher scripted) {
    return scripted;
  }

  /** A launcher of the fixture's kind, not started: to restart the engine with. */
  ScriptedLauncher newLauncher() {
    return stepped() ? ScriptedLauncher.synchronous() : new ScriptedLauncher();
  }

  void startEngine() {
    startEngine(newLauncher());
  }

  /**
   * Starts an engine on the fixture's database and clock with this launcher; a stepped one is
   * settled, so it leads and has taken over (reconciled what an earlier engine left) on return.
   */
  void startEngine(ScriptedLauncher with) {
    launcher = with;
    engine =
        new Engine(
            store,
            launcherFor(with),
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog(),
            !stepped()); // stepped: launcher calls made during the pass, so it ends with them made
    if (stepped()) {
      engine.startStepped();
      settle();
    } else {
      engine.start();
    }
    jobs = new JobService(store, engine);
    runs = new RunService(store, engine);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    db.close();
  }

  /** Stepped engine: passes until one changes nothing in the database and delivers no report. */
  void settle() {
    if (!stepped()) {
      throw new IllegalStateException("a threaded engine is never settled: wait on a condition");
    }
    EnginePasses.settle(engine, store, launcher, MAX_SETTLE, () -> {});
  }

  /**
   * Until {@code condition} holds: stepped, one engine pass at a time (at most {@link
   * #MAX_PASSES}); threaded, polling until {@link #WAIT}.
   */
  void until(String what, BooleanSupplier condition) {
    if (stepped()) {
      EnginePasses.until(engine, what, MAX_PASSES, condition);
    } else {
      Await.until(what, WAIT, condition::getAsBoolean);
    }
  }

  void define(String yaml) {
    jobs.create(JobSpecReader.fromYaml(yaml), "test", null);
  }

  Optional<Run> run(String job, Instant t) {
    return store.read(tx -> tx.runReads().find(job, t));
  }

  Run run(long id) {
    return store.read(tx -> tx.runReads().get(id)).orElseThrow();
  }

  Run awaitState(String job, Instant t, RunState state) {
    until(
        job + " at " + t + " is " + state.wireName(),
        () -> run(job, t).map(r -> r.state() == state).orElse(false));
    return run(job, t).orElseThrow();
  }

  Run awaitState(long id, RunState state) {
    until("run " + id + " is " + state.wireName(), () -> run(id).state() == state);
    return run(id);
  }

  /** Until {@code job} was launched at least {@code count} times. */
  void awaitLaunches(String job, long count) {
    until(job + " launched " + count + " times", () -> launcher.launchesOf(job) >= count);
  }

  /** Moves the clock and lets the engine see it: stepped, it settles at the new time. */
  void advanceTo(Instant at) {
    clock.set(at);
    if (stepped()) {
      settle();
    } else {
      engine.wake();
    }
  }

  List<Run> runsOf(String job) {
    return store.read(tx -> tx.runReads().page(newestFirst(job, 1000)));
  }

  /** The newest {@code limit} runs, of {@code job} or (null) of every job. */
  static RunQuery newestFirst(String job, int limit) {
    return new RunQuery(job, null, null, null, null, RunQuery.Sort.ID, true, null, limit);
  }
}
