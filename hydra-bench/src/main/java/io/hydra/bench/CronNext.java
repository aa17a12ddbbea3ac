package io.hydra.bench;

import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;

/** Schedules of the cron workload, in Hydra's terms. */
final class CronNext {

  private CronNext() {}

  /** A Quartz-dialect expression (seconds first) firing every {@code period}. */
  static String every(Duration period) {
    long s = period.toSeconds();
    return s == 60 ? "0 * * * * ?" : "*/" + s + " * * * * ?";
  }

  static Instant after(ScheduleSpec schedule, Instant now) {
    return CronSchedule.parse(schedule.normalized())
        .nextAfter(now)
        .orElseThrow(() -> new IllegalStateException("schedule never fires: " + schedule));
  }

  /** The first instant at or after {@code at} that is a multiple of {@code period}. */
  static Instant boundaryAtOrAfter(Instant at, Duration period) {
    long p = period.toMillis();
    long ms = at.toEpochMilli();
    return Instant.ofEpochMilli((ms + p - 1) / p * p);
  }
}
