package io.hydra.scheduler.engine;

import io.hydra.core.run.RunState;
import io.hydra.core.time.SettableClock;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An engine on a fresh real PostgreSQL database, with a settable clock and a scripted launcher, and
 * the helpers engine tests share.
 */
abstract class EngineFixture {

  static final Duration WAIT = Duration.ofSeconds(20);
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

  void startEngine() {
    launcher = new ScriptedLauncher();
    engine =
        new Engine(
            store,
            launcher,
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog());
    engine.start();
    jobs = new JobService(store, engine);
    runs = new RunService(store, engine);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    db.close();
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
    Await.until(
        job + " at " + t + " is " + state.wireName(),
        WAIT,
        () -> run(job, t).map(r -> r.state() == state).orElse(false));
    return run(job, t).orElseThrow();
  }

  Run awaitState(long id, RunState state) {
    Await.until("run " + id + " is " + state.wireName(), WAIT, () -> run(id).state() == state);
    return run(id);
  }

  /** Moves the clock and lets the engine see it. */
  void advanceTo(Instant at) {
    clock.set(at);
    engine.wake();
  }

  List<Run> runsOf(String job) {
    return store.read(tx -> tx.runReads().page(newestFirst(job, 1000)));
  }

  /** The newest {@code limit} runs, of {@code job} or (null) of every job. */
  static RunQuery newestFirst(String job, int limit) {
    return new RunQuery(job, null, null, null, null, RunQuery.Sort.ID, true, null, limit);
  }
}
