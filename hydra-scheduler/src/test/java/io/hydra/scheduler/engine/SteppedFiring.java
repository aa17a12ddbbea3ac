package io.hydra.scheduler.engine;

import io.hydra.core.queue.FairShare;
import io.hydra.core.time.SettableClock;
import io.hydra.store.Store;
import java.time.Duration;

/**
 * Schedule firing driven by a test one pass at a time, with no engine loop: definitions are written
 * through {@link #jobs} (an engine that is never started), fires through {@link #firing}.
 */
final class SteppedFiring {

  final JobService jobs;
  final ScheduleFiring firing;

  SteppedFiring(Store store, SettableClock clock, ScriptedLauncher launcher) {
    JobCatalog catalog = new JobCatalog();
    Engine idle =
        new Engine(
            store,
            ScriptedLauncher.stepped(),
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            catalog,
            false);
    jobs = new JobService(store, idle);
    launcher.start(status -> {});
    RunTransitions transitions = new RunTransitions(catalog);
    Dispatcher dispatcher =
        new Dispatcher(
            store,
            transitions,
            catalog,
            launcher,
            clock,
            500,
            FairShare.equal(),
            () -> true,
            new StartBacklog(),
            new TasksInFlight());
    firing =
        new ScheduleFiring(
            store,
            new RequestedKills(launcher),
            catalog,
            new RunCreation(catalog, transitions),
            transitions,
            dispatcher,
            clock,
            10,
            500,
            new StartBacklog());
  }
}
