package io.hydra.core.schedule;

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

  /** One fire: {@code dst} is null unless a DST change affects it. */
  public record Fire(Instant utc, OffsetDateTime local, String dst) {}

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
