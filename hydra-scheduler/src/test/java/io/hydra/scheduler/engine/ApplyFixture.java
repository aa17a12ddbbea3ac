package io.hydra.scheduler.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.time.SettableClock;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.Json;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;

/**
 * A fresh database with a job service and an apply over an engine that is never started: an apply
 * only writes definitions and tells the engine, so no pass is needed. Shared by the apply tests.
 */
final class ApplyFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-03-02T10:30:00Z");

  final Database db = TestDatabase.create();
  final Store store = new Store(db.jdbi());
  final Engine engine =
      new Engine(
          store,
          ScriptedLauncher.stepped(),
          new SettableClock(START),
          new EngineConfig(Duration.ofMillis(50), 200, 1000),
          new JobCatalog(),
          false);
  final JobService jobs = new JobService(store, engine);
  final JobApply apply = new JobApply(jobs);

  /** A document of a set, as {@code hydra apply} reads it from YAML. */
  static JsonNode yaml(String text) {
    try {
      return Json.yaml().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    engine.close();
    db.close();
  }
}
