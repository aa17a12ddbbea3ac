package io.hydra.core.time;

import java.time.Instant;

/** The only source of "now" for scheduling decisions, so tests can set time. */
@FunctionalInterface
public interface Clock {

  Instant now();

  static Clock system() {
    return Instant::now;
  }
}
