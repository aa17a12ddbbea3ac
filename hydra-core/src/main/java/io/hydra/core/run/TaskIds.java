package io.hydra.core.run;

import java.time.Instant;

/**
 * Deterministic task ids: the same attempt always gets the same id, so after a crash a launch can
 * be reconciled with the launcher instead of being repeated.
 */
public final class TaskIds {

  private TaskIds() {}

  public static String of(String job, Instant logicalTime, int attempt) {
    return "hydra." + job + "." + logicalTime.toEpochMilli() + "." + attempt;
  }
}
