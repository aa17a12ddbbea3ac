package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Capacity;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.Tx;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher's budget has left: its total minus the needs of the attempts it runs, counted
 * from the store (so tasks re-adopted after a restart count too).
 */
final class CapacityBudget {

  private CapacityBudget() {}

  /** Free capacity, or empty when the launcher has no fixed budget. */
  static Optional<Capacity> free(Tx tx, Launcher launcher, JobCatalog catalog) {
    Optional<Capacity> total = launcher.capacity();
    if (total.isEmpty()) {
      return Optional.empty();
    }
    Capacity used = Capacity.NONE;
    for (Map.Entry<String, Integer> e : tx.attempts().activeByJob(launcher.name()).entrySet()) {
      used = used.plus(need(catalog, e.getKey()).times(e.getValue()));
    }
    return Optional.of(total.get().minus(used));
  }

  /** What one attempt of the job needs (nothing, for a job that no longer exists). */
  static Capacity need(JobCatalog catalog, String job) {
    return catalog
        .spec(job)
        .map(JobSpec::task)
        .map(t -> Capacity.of(t.resources()))
        .orElse(Capacity.NONE);
  }
}
