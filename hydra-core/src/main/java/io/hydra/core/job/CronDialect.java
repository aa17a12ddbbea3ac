package io.hydra.core.job;

/** Which cron syntax a schedule uses. */
public enum CronDialect {
  /** Five fields (minute hour day-of-month month day-of-week), names, ranges, steps, macros. */
  UNIX,
  /** Six or seven fields with seconds first, plus {@code ? L W #}. */
  QUARTZ
}
