package io.hydra.core.schedule;

import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What firing one job's schedule owes at a given moment (docs/scheduling.md, Missed fires and
 * catch-up; Pause and resume): the fires due, and the next fire to store once they are fired. The
 * engine stores only a job's next fire, so after downtime or a slow pass several fires are due at
 * once, and {@link #decide} says which of them run and which are recorded as skipped.
 *
 * @param dueAt the job's stored next fire, which made it due
 * @param due {@code dueAt} and every later fire up to the moment of firing, oldest first
 * @param next the first fire after {@code due}, to store; null if the schedule never fires again
 */
public record FirePlan(Instant dueAt, List<Instant> due, Instant next) {

  public FirePlan {
    due = List.copyOf(due);
  }

  /**
   * The plan for a job whose stored next fire is {@code dueAt}, fired at {@code now}. The stored
   * fire is taken as it was stored, without asking {@code cron} again: it is what made the job due,
   * and the conditional advance of the stored row is keyed on it.
   */
  public static FirePlan of(FireTimes cron, Instant dueAt, Instant now) {
    List<Instant> due = new ArrayList<>(List.of(dueAt));
    due.addAll(cron.firesBetween(dueAt, now, Integer.MAX_VALUE));
    Instant next = cron.nextAfter(due.get(due.size() - 1)).orElse(null);
    return new FirePlan(dueAt, due, next);
  }

  /**
   * Which due fires run and which are skipped: a paused job skips them all (recorded as they come,
   * so that resuming may still catch them up); otherwise the catch-up policy and starting deadline
   * decide ({@link Catchup}).
   */
  public Decision decide(ScheduleSpec schedule, boolean paused, Instant now) {
    if (paused) {
      return new Decision(List.of(), due, Reason.of(ReasonKind.PAUSED));
    }
    Catchup.Plan plan = Catchup.plan(due, schedule.catchup(), schedule.startingDeadline(), now);
    return new Decision(plan.run(), plan.missed(), missed(schedule));
  }

  /**
   * Which due fires run and which are skipped, for a job's schedules and calendars together. A fire
   * on a date its schedules exclude is skipped (reason kind {@code calendar}) whatever else holds,
   * and is never caught up. The other fires are skipped while paused; otherwise each schedule's
   * catch-up policy and starting deadline decide among the fires it makes, and a fire runs when one
   * schedule that makes it runs it.
   */
  public Decision decide(Timetable timetable, boolean paused, Instant now) {
    List<Skip> excluded = new ArrayList<>();
    List<Instant> runnable = new ArrayList<>();
    Map<Timetable.Part, List<Instant>> bySchedule = new LinkedHashMap<>();
    for (Instant fire : due) {
      Optional<Reason> why = timetable.exclusion(fire);
      if (why.isPresent()) {
        excluded.add(new Skip(fire, why.get()));
        continue;
      }
      runnable.add(fire);
      for (Timetable.Part p : timetable.producers(fire)) {
        if (timetable.excludedBy(p, fire).isEmpty()) {
          bySchedule.computeIfAbsent(p, k -> new ArrayList<>()).add(fire);
        }
      }
    }
    ScheduleSpec first = timetable.parts().get(0).spec();
    if (paused) {
      return new Decision(List.of(), runnable, Reason.of(ReasonKind.PAUSED), excluded);
    }
    Set<Instant> run = new TreeSet<>();
    bySchedule.forEach(
        (p, fires) ->
            run.addAll(
                Catchup.plan(fires, p.spec().catchup(), p.spec().startingDeadline(), now).run()));
    List<Instant> missed = runnable.stream().filter(t -> !run.contains(t)).toList();
    return new Decision(List.copyOf(run), missed, missed(first), excluded);
  }

  private static Reason missed(ScheduleSpec schedule) {
    return Reason.of(ReasonKind.MISSED, Reason.CATCHUP, schedule.catchup().name().toLowerCase());
  }

  /**
   * @param run fires to create runs for, oldest first
   * @param skipped fires not run, oldest first
   * @param why why the skipped ones were not run
   * @param excluded fires on dates a calendar excludes, each with its reason (which names it)
   */
  public record Decision(
      List<Instant> run, List<Instant> skipped, Reason why, List<Skip> excluded) {

    public Decision {
      run = List.copyOf(run);
      skipped = List.copyOf(skipped);
      excluded = List.copyOf(excluded);
    }

    /** A decision without calendars. */
    public Decision(List<Instant> run, List<Instant> skipped, Reason why) {
      this(run, skipped, why, List.of());
    }

    /**
     * The skipped fires to record as skipped runs, each with its reason. After a very long outage
     * one row per fire would flood the run list, so only the newest {@code max} are recorded, and
     * the oldest of those says how many older ones were not.
     */
    public List<Skip> recorded(int max) {
      List<Skip> all = new ArrayList<>(excluded);
      skipped.forEach(t -> all.add(new Skip(t, why.with(Reason.FIRE, t))));
      all.sort(Comparator.comparing(Skip::fire));
      int from = Math.max(0, all.size() - max);
      List<Skip> recorded = new ArrayList<>(all.subList(from, all.size()));
      if (from > 0) {
        Skip oldest = recorded.get(0);
        recorded.set(0, new Skip(oldest.fire(), oldest.reason().with(Reason.NOT_RECORDED, from)));
      }
      return recorded;
    }
  }

  /** A fire recorded as a skipped run, and why. */
  public record Skip(Instant fire, Reason reason) {}
}
