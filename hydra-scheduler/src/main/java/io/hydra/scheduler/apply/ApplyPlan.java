package io.hydra.scheduler.apply;

import io.hydra.core.job.JobSpec;
import java.util.List;

/**
 * What an apply changes (or, in a dry run, would change). {@code revision} fingerprints the jobs on
 * the server the plan was computed against; an apply that names it is refused if they have changed
 * since. Versions are the ones written; absent in a dry run. {@code calendars} says what became of
 * each calendar of the set (an apply never deletes a calendar, prune or not).
 */
public record ApplyPlan(
    boolean dryRun,
    String revision,
    String source,
    List<Created> created,
    List<Updated> updated,
    List<Deleted> deleted,
    List<String> unchanged,
    List<String> notInSet,
    List<CalendarChange> calendars) {

  /** A plan without calendars. */
  public ApplyPlan(
      boolean dryRun,
      String revision,
      String source,
      List<Created> created,
      List<Updated> updated,
      List<Deleted> deleted,
      List<String> unchanged,
      List<String> notInSet) {
    this(dryRun, revision, source, created, updated, deleted, unchanged, notInSet, List.of());
  }

  /** A calendar of the set: {@code created}, {@code updated} or {@code unchanged}. */
  public record CalendarChange(String calendar, String change) {}

  /** Whether a calendar is created or changed. */
  public boolean changesCalendars() {
    return calendars.stream().anyMatch(c -> !c.change().equals("unchanged"));
  }

  /** A new job, with its spec as it will be stored (defaults filled in). */
  public record Created(String job, Integer version, JobSpec spec) {}

  /** A changed job: the version it had, the one written, and each changed field. */
  public record Updated(String job, int fromVersion, Integer version, List<FieldChange> changes) {}

  /** A job removed by prune, with its last version. */
  public record Deleted(String job, int fromVersion) {}

  public boolean hasChanges() {
    return !created.isEmpty() || !updated.isEmpty() || !deleted.isEmpty() || changesCalendars();
  }
}
