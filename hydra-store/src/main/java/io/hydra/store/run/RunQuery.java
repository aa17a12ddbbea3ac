package io.hydra.store.run;

import io.hydra.core.run.RunState;
import java.time.Instant;
import java.util.Set;

/**
 * A page of runs: filters, one sort key, and keyset paging (the sort value and id of the last run
 * of the previous page), so pages stay stable while new runs arrive.
 *
 * @param owners the job owners to keep; null keeps every owner
 * @param states null or empty keeps every state
 * @param from logical time at or after; null for no bound
 * @param to logical time before; null for no bound
 * @param after the previous page's last run; null for the first page
 */
public record RunQuery(
    String job,
    Set<String> owners,
    Set<RunState> states,
    Instant from,
    Instant to,
    Sort sort,
    boolean descending,
    Cursor after,
    int limit) {

  /** What runs are ordered by; ties are broken by id in the same direction. */
  public enum Sort {
    ID("id"),
    LOGICAL_TIME("logical_time"),
    UPDATED_AT("updated_at");

    final String column;

    Sort(String column) {
      this.column = column;
    }
  }

  /** Where a page ends: the sort value (null when sorting by id) and the id. */
  public record Cursor(Instant value, long id) {}

  public Cursor cursorOf(Run run) {
    return switch (sort) {
      case ID -> new Cursor(null, run.id());
      case LOGICAL_TIME -> new Cursor(run.logicalTime(), run.id());
      case UPDATED_AT -> new Cursor(run.updatedAt(), run.id());
    };
  }
}
