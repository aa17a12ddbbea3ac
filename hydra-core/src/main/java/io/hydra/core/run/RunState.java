package io.hydra.core.run;

import java.util.EnumSet;
import java.util.Set;

/** Where a run is in its life. Stored lower case, as users see it. */
public enum RunState {
  /** Created, but an upstream run for the same logical time has not succeeded yet. */
  WAITING,
  /** Ready to start; waiting for the dispatcher (capacity, concurrency, pause). */
  QUEUED,
  /** An attempt is launching or running. */
  RUNNING,
  /** The last attempt failed; the next one starts when the backoff timer fires. */
  RETRYING,
  SUCCEEDED,
  FAILED,
  UPSTREAM_FAILED,
  SKIPPED,
  KILLED;

  public static final Set<RunState> ACTIVE = EnumSet.of(QUEUED, RUNNING, RETRYING);

  public boolean isTerminal() {
    return this == SUCCEEDED
        || this == FAILED
        || this == UPSTREAM_FAILED
        || this == SKIPPED
        || this == KILLED;
  }

  public String wireName() {
    return name().toLowerCase();
  }

  public static RunState fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
