package io.hydra.core.pipeline;

import java.time.Instant;

/**
 * A node's predicted finish.
 *
 * @param at when it should succeed; null when it cannot without someone acting (it, or a run it
 *     waits for, failed or was killed)
 * @param lowerBound some job on its path has no history, counted as taking no time: the finish is
 *     at least this late
 * @param done it has ended (then {@code at} is when)
 */
public record Eta(Instant at, boolean lowerBound, boolean done) {

  static final Eta BLOCKED = new Eta(null, false, false);

  public boolean blocked() {
    return at == null;
  }

  /** Whether the run will miss {@code deadline} (null: none): predicted late, or blocked. */
  public boolean atRisk(Instant deadline) {
    if (deadline == null || done) {
      return false;
    }
    return blocked() || at.isAfter(deadline);
  }
}
