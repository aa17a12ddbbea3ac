package io.hydra.store.run;

import io.hydra.core.run.ReasonKind;
import java.time.Instant;

/** One entry of a run's timeline. */
public record RunEvent(
    Instant at, String state, ReasonKind reasonKind, String reason, Integer attempt) {}
