package io.hydra.core.run;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's hold on a run: until released, the run is not started (nor started again after a
 * failed attempt), and so its downstream waits. Who asked and when, for the run's explanation.
 */
public record Hold(String by, Instant at) {

  public Hold {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }
}
