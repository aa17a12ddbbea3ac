package io.hydra.core.job;

import java.time.Duration;

/** When a job fires on its own: a cron expression read in a time zone. */
public record ScheduleSpec(
    String cron,
    CronDialect dialect,
    String timezone,
    DstPolicy dst,
    CatchupPolicy catchup,
    Duration startingDeadline) {

  public ScheduleSpec normalized() {
    return new ScheduleSpec(
        cron == null ? null : cron.trim(),
        dialect == null ? CronDialect.UNIX : dialect,
        timezone == null ? "UTC" : timezone,
        dst == null ? DstPolicy.DEFAULT : dst.normalized(),
        catchup == null ? CatchupPolicy.LATEST : catchup,
        startingDeadline);
  }
}
