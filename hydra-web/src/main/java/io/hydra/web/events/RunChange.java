package io.hydra.web.events;

import io.hydra.store.run.CommittedEvent;
import java.time.Instant;

/** One recorded state change of a run (a row of {@code run_event}). */
public record RunChange(
    long eventId,
    long runId,
    String job,
    String state,
    String reasonKind,
    String reason,
    Instant at,
    Integer attempt,
    String cause,
    Instant logicalTime) {

  static RunChange of(CommittedEvent e) {
    return new RunChange(
        e.id(),
        e.runId(),
        e.job(),
        e.state(),
        e.reasonKind(),
        e.reason(),
        e.at(),
        e.attempt(),
        e.cause(),
        e.logicalTime());
  }

  public boolean terminal() {
    return switch (state) {
      case "succeeded", "failed", "upstream_failed", "skipped", "killed" -> true;
      default -> false;
    };
  }
}
