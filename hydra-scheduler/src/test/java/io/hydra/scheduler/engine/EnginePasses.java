package io.hydra.scheduler.engine;

import io.hydra.store.Store;
import java.util.function.BooleanSupplier;

/**
 * Drives an engine started with {@link Engine#startStepped()} one deterministic pass at a time on
 * the test's thread: nothing happens between passes, so a test waits on no clock and no thread.
 */
final class EnginePasses {

  private EnginePasses() {}

  /** One loop pass, after taking or renewing the lease as the lease thread would have. */
  static void pass(Engine engine) {
    engine.leadership().heartbeat();
    engine.step();
  }

  /**
   * Passes until one changes nothing in the database and delivers no report (the next would find
   * the same), each followed by {@code afterPass}.
   */
  static void settle(
      Engine engine, Store store, ScriptedLauncher launcher, int maxPasses, Runnable afterPass) {
    String before = fingerprint(store) + launcher.reportsSent();
    for (int pass = 0; pass < maxPasses; pass++) {
      pass(engine);
      afterPass.run();
      String after = fingerprint(store) + launcher.reportsSent();
      if (after.equals(before)) {
        return;
      }
      before = after;
    }
    throw new AssertionError("the engine did not settle within " + maxPasses + " passes");
  }

  /** Passes until {@code condition} holds, checked before each; fails after {@code maxPasses}. */
  static void until(Engine engine, String what, int maxPasses, BooleanSupplier condition) {
    for (int pass = 0; !condition.getAsBoolean(); pass++) {
      if (pass == maxPasses) {
        throw new AssertionError("not so after " + maxPasses + " engine passes: " + what);
      }
      pass(engine);
    }
  }

  /** Everything an operation or a pass could change, as text. */
  static String fingerprint(Store store) {
    return store.read(
        tx ->
            tx.handle()
                .createQuery(
                    "select concat_ws(' | ',"
                        + " (select string_agg(concat_ws(':', id, job, logical_time, state,"
                        + " attempts, retry_at, reason, params::text), ',' order by id) from run),"
                        + " (select string_agg(concat_ws(':', run_id, number, state,"
                        + " kill_requested_at), ',' order by run_id, number) from attempt),"
                        + " (select string_agg(concat_ws(':', id, state, next_fire, existing), ','"
                        + " order by id) from backfill),"
                        + " (select string_agg(concat_ws(':', job, next_fire_at), ',' order by job)"
                        + " from job_schedule),"
                        + " (select string_agg(concat_ws(':', name, version), ',' order by name)"
                        + " from job),"
                        + " (select string_agg(concat_ws(':', root, logical_time, number, state),"
                        + " ',' order by root, logical_time, number) from pipeline_retry))")
                .mapTo(String.class)
                .one());
  }
}
