package io.hydra.store.run;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import java.time.Instant;

/** One entry of a run's timeline. */
public record RunEvent(Instant at, String state, Reason why, Integer attempt) {

  public ReasonKind reasonKind() {
    return why.kind();
  }

  /** The sentence of {@link #why}. */
  public String reason() {
    return why.text();
  }
}
