package io.hydra.core.run;

/** What created a run. */
public enum RunCause {
  /** A fire of the job's own schedule. */
  SCHEDULE,
  /** A trigger through the API, CLI or UI. */
  MANUAL,
  /** The end of an upstream run for the same logical time. */
  UPSTREAM,
  /** A backfill over a range of logical times. */
  BACKFILL;

  public String wireName() {
    return name().toLowerCase();
  }

  public static RunCause fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
