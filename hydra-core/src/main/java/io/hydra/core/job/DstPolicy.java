package io.hydra.core.job;

/**
 * What a schedule does around daylight-saving changes: a wall-clock time that does not exist (the
 * spring-forward gap) and one that exists twice (the fall-back overlap).
 */
public record DstPolicy(Gap gap, Overlap overlap) {

  public static final DstPolicy DEFAULT = new DstPolicy(Gap.SHIFT, Overlap.FIRST);

  /** A fire time inside the gap. */
  public enum Gap {
    /** Fire once at the first instant after the gap (Vixie cron, Dagster). */
    SHIFT,
    /** Do not fire. */
    SKIP
  }

  /** A fire time inside the repeated hour. */
  public enum Overlap {
    /** Fire at the first occurrence only (Debian cron). */
    FIRST,
    /** Fire at the second occurrence only. */
    LAST,
    /** Fire at both occurrences. */
    BOTH
  }

  public DstPolicy normalized() {
    return new DstPolicy(gap == null ? Gap.SHIFT : gap, overlap == null ? Overlap.FIRST : overlap);
  }
}
