package io.hydra.core.schedule;

import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
  public static FirePlan of(CronSchedule cron, Instant dueAt, Instant now) {
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

  private static Reason missed(ScheduleSpec schedule) {
    return Reason.of(ReasonKind.MISSED, Reason.CATCHUP, schedule.catchup().name().toLowerCase());
  }

  /**
   * @param run fires to create runs for, oldest first
   * @param skipped fires not run, oldest first
   * @param why why the skipped ones were not run
   */
  public record Decision(List<Instant> run, List<Instant> skipped, Reason why) {

    public Decision {
      run = List.copyOf(run);
      skipped = List.copyOf(skipped);
    }

    /**
     * The skipped fires to record as skipped runs, each with its reason. After a very long outage
     * one row per fire would flood the run list, so only the newest {@code max} are recorded, and
     * the oldest of those says how many older ones were not.
     */
    public List<Skip> recorded(int max) {
      int from = Math.max(0, skipped.size() - max);
      List<Skip> recorded = new ArrayList<>();
      for (int i = from; i < skipped.size(); i++) {
        Reason reason = why.with(Reason.FIRE, skipped.get(i));
        if (i == from && from > 0) {
          reason = reason.with(Reason.NOT_RECORDED, from);
        }
        recorded.add(new Skip(skipped.get(i), reason));
      }
      return recorded;
    }
  }

  /** A fire recorded as a skipped run, and why. */
  public record Skip(Instant fire, Reason reason) {}
}
