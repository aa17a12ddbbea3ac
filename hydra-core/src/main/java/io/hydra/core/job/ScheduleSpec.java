package io.hydra.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * When a job fires on its own: a cron expression read in a time zone.
 *
 * @param calendar a calendar whose dates this schedule does not run on (its fires there are
 *     recorded as skipped runs, reason kind {@code calendar}); null for none
 * @param onlyOn a calendar whose business days (Monday to Friday, not one of its dates) are the
 *     only days this schedule runs on; null for every day
 */
public record ScheduleSpec(
    String cron,
    CronDialect dialect,
    String timezone,
    DstPolicy dst,
    CatchupPolicy catchup,
    Duration startingDeadline,
    String calendar,
    String onlyOn) {

  /** A schedule that runs on every day its expression matches. */
  public ScheduleSpec(
      String cron,
      CronDialect dialect,
      String timezone,
      DstPolicy dst,
      CatchupPolicy catchup,
      Duration startingDeadline) {
    this(cron, dialect, timezone, dst, catchup, startingDeadline, null, null);
  }

  public ScheduleSpec normalized() {
    return new ScheduleSpec(
        cron == null ? null : cron.trim(),
        dialect == null ? CronDialect.UNIX : dialect,
        timezone == null ? "UTC" : timezone,
        dst == null ? DstPolicy.DEFAULT : dst.normalized(),
        catchup == null ? CatchupPolicy.LATEST : catchup,
        startingDeadline,
        calendar,
        onlyOn);
  }

  /** The calendars this schedule names, {@code calendar} first; empty for none. */
  public List<String> calendars() {
    return Stream.of(calendar, onlyOn).filter(Objects::nonNull).toList();
  }
}
