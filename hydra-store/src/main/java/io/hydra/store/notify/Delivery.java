package io.hydra.store.notify;

import java.time.Instant;

/**
 * A row of {@code notification}: one webhook delivery of a run event ({@code eventId}) or of a
 * deadline alert ({@code alertId}), and how it went. {@code runId} is null for an alert about a job
 * that had no run yet.
 */
public record Delivery(
    long id,
    Long eventId,
    Long alertId,
    Long runId,
    String job,
    String event,
    String url,
    String state,
    int attempts,
    Integer responseCode,
    String lastError,
    Instant createdAt,
    Instant updatedAt) {}
