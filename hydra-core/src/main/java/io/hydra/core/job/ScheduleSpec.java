package io.hydra.core.job;

import java.time.Duration;

/** When a job fires on its own: a cron expression read in a time zone. */
public record ScheduleSpec(
    String cron,
    CronDialect dialect,
    String timezone,
    CatchupPolicy catchup,
    Duration startingDeadline) {

  public ScheduleSpec normalized() {
    return new ScheduleSpec(
        cron == null ? null : cron.trim(),
        dialect == null ? CronDialect.UNIX : dialect,
        timezone == null ? "UTC" : timezone,
        catchup == null ? CatchupPolicy.LATEST : catchup,
        startingDeadline);
  }
}
