package io.hydra.store.run;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * What the attention list reads: runs that ended failed, upstream-failed or killed since a time,
 * the runs a person has to look at.
 */
public final class ProblemRuns {

  /** The states that need a person, as an SQL list. */
  private static final String PROBLEM = "('failed', 'upstream_failed', 'killed')";

  private final Handle handle;

  public ProblemRuns(Handle handle) {
    this.handle = handle;
  }

  /**
   * Runs that ended in a problem state at or after {@code since}, newest logical time first, at
   * most {@code limit}: a bad night must not make the page unbounded.
   */
  public List<Run> endedSince(Instant since, int limit) {
    return handle
        .createQuery(
            "select * from run where state in "
                + PROBLEM
                + " and ended_at >= :since order by logical_time desc, ended_at, id limit :limit")
        .bind("since", since)
        .bind("limit", limit)
        .map((rs, ctx) -> RunRows.map(rs))
        .list();
  }
}
