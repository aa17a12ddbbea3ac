package io.hydra.scheduler.engine;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.run.Attempt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a new leadership term does with the attempts an earlier leader left active: hands them to
 * the launcher to reconcile, each with where it was recorded to run, and warns when that is a place
 * this launcher cannot see.
 */
final class Reconciliation {

  private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

  private Reconciliation() {}

  /**
   * @param neverSent task ids of active attempts with no record that their launcher handed them on
   */
  static void reconcile(Launcher launcher, List<Attempt> active, Set<String> neverSent) {
    if (active.isEmpty()) {
      return;
    }
    log.info("Reconciling {} attempts left active by an earlier leader", active.size());
    warnAboutOtherLocations(launcher, active);
    launcher.reconcile(
        active.stream().map(a -> known(a, !neverSent.contains(a.taskId()))).toList());
  }

  static Launcher.KnownTask known(Attempt a, boolean sent) {
    return new Launcher.KnownTask(
        a.taskId(), a.state() == AttemptState.LAUNCHING, a.location(), sent);
  }

  /**
   * One WARN per location, other than this launcher's own, that active attempts were launched at:
   * typically a server started with its own sandbox root (another {@code --data-dir}, or another
   * machine) taking over from one with another. Those tasks are out of this launcher's sight; it
   * reports them lost, so they are retried as their jobs allow, and a task still running there may
   * run twice. Says nothing for launchers without one fixed location (Mesos places each task).
   */
  static void warnAboutOtherLocations(Launcher launcher, List<Attempt> active) {
    Optional<TaskLocation> own = launcher.location();
    if (own.isEmpty()) {
      return;
    }
    Map<TaskLocation, Long> elsewhere =
        active.stream()
            .filter(a -> a.location() != null && !a.location().equals(own.get()))
            .collect(
                Collectors.groupingBy(
                    Attempt::location, LinkedHashMap::new, Collectors.counting()));
    elsewhere.forEach(
        (where, count) ->
            log.warn(
                "{} active attempts were launched at {}, but this server's {} launcher runs"
                    + " tasks at {} and cannot see them: they are reported lost and retried as"
                    + " their jobs' retry policies allow (a task still running there may run"
                    + " twice). Servers that take over from each other should share one sandbox"
                    + " root (data directory).",
                count,
                where.describe(),
                launcher.name(),
                own.get().describe()));
  }
}
