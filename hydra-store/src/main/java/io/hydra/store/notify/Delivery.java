package io.hydra.store.notify;

import java.time.Instant;

/** A row of {@code notification}: one webhook delivery of a run event, and how it went. */
public record Delivery(
    long id,
    long eventId,
    long runId,
    String job,
    String event,
    String url,
    String state,
    int attempts,
    Integer responseCode,
    String lastError,
    Instant createdAt,
    Instant updatedAt) {}
