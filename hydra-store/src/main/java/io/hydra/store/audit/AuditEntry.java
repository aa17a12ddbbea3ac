package io.hydra.store.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One recorded change; {@code before} and {@code after} are JSON, null when not there. A null
 * {@code status} marks a change that committed while its server stopped before answering.
 */
public record AuditEntry(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String job,
    Integer status,
    JsonNode before,
    JsonNode after) {

  /** What to read: newest first, rows with id below {@code beforeId} when paging. */
  public record Query(String job, Instant since, Long beforeId, int limit) {}
}
