package io.hydra.store.run;

import java.time.Instant;

/**
 * A row of {@code run_event} with what a listener needs of its run: its job, cause and logical
 * time. The feed of state changes the event stream and webhooks follow.
 */
public record CommittedEvent(
    long id,
    long runId,
    String job,
    String state,
    String reasonKind,
    String reason,
    Instant at,
    Integer attempt,
    String cause,
    Instant logicalTime) {}
