package io.hydra.core.schedule;

import io.hydra.core.run.Reason;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;

/**
 * The next fire times of a schedule, each as an instant and as a wall-clock time in the job's zone,
 * with a note on the ones a DST change moved or doubled, so a user sees the edges before they
 * happen.
 */
public final class SchedulePreview {

  /** Upper bound on one preview, so a request cannot ask for unbounded work. */
  public static final int MAX_COUNT = 1000;

  private SchedulePreview() {}

  /**
   * One fire: {@code dst} is null unless a DST change affects it; {@code excluded} is null unless a
   * calendar excludes its date, and then says which (e.g. {@code calendar us-holidays}), since the
   * fire will be recorded as skipped rather than run.
   */
  public record Fire(Instant utc, OffsetDateTime local, String dst, String excluded) {

    public Fire(Instant utc, OffsetDateTime local, String dst) {
      this(utc, local, dst, null);
    }
  }

  /**
   * The next {@code count} fires of a job's schedules together, strictly after {@code from}, in the
   * first schedule's zone, each marked if a calendar excludes it.
   */
  public static List<Fire> next(Timetable timetable, Instant from, int count) {
    return timetable.firesBetween(from, Instant.MAX, Math.min(count, MAX_COUNT)).stream()
        .map(
            at ->
                new Fire(
                    at,
                    at.atZone(timetable.zone()).toOffsetDateTime(),
                    dstNote(timetable.producers(at).get(0).cron(), at),
                    timetable.exclusion(at).map(SchedulePreview::excluded).orElse(null)))
        .toList();
  }

  /** "calendar us-holidays", or "onlyOn uk-bank-holidays" for a day that is not a business day. */
  private static String excluded(Reason why) {
    return why.detail(Reason.RULE) + " " + why.detail(Reason.CALENDAR);
  }

  /** The next {@code count} fires strictly after {@code from}. */
  public static List<Fire> next(CronSchedule schedule, Instant from, int count) {
    return schedule.firesBetween(from, Instant.MAX, Math.min(count, MAX_COUNT)).stream()
        .map(
            at ->
                new Fire(at, at.atZone(schedule.zone()).toOffsetDateTime(), dstNote(schedule, at)))
        .toList();
  }

  private static String dstNote(CronSchedule schedule, Instant at) {
    var rules = schedule.zone().getRules();
    LocalDateTime local = LocalDateTime.ofInstant(at, schedule.zone());
    ZoneOffsetTransition t = rules.getTransition(local);
    if (t != null && t.isOverlap()) {
      boolean first = rules.getOffset(at).equals(t.getOffsetBefore());
      return (first ? "first" : "second")
          + " occurrence of a wall-clock time repeated by a DST"
          + " change";
    }
    ZoneOffsetTransition previous = rules.previousTransition(at.plusNanos(1));
    if (previous != null
        && previous.isGap()
        && previous.getInstant().equals(at)
        && !schedule.matchesWallClock(local)) {
      return "shifted: the scheduled wall-clock time did not exist (DST gap)";
    }
    return null;
  }
}
