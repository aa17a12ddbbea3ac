package io.hydra.store.run;

import java.time.Instant;

/** One entry of a run's timeline. */
public record RunEvent(Instant at, String state, String reason, Integer attempt) {}
