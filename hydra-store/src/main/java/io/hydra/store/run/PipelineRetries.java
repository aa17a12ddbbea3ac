package io.hydra.store.run;

import io.hydra.store.internal.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The retries of pipelines, per root job and logical time (see {@link PipelineRetry}). */
public final class PipelineRetries {

  private final Handle handle;

  public PipelineRetries(Handle handle) {
    this.handle = handle;
  }

  /**
   * Serialises the transactions that decide about one pipeline until they commit: each run end
   * writes its own row first, so whichever takes this lock last sees every other end committed and
   * no end of a pipeline's last nodes goes unnoticed.
   */
  public void lock(String root, Instant logicalTime) {
    handle.execute(
        "select pg_advisory_xact_lock(hashtext(?), hashtext(?))",
        "pipeline_retry:" + root,
        logicalTime.toString());
  }

  /** The retries of one pipeline, first first. */
  public List<PipelineRetry> of(String root, Instant logicalTime) {
    return handle
        .createQuery(
            "select * from pipeline_retry where root = :root and logical_time = :t order by number")
        .bind("root", root)
        .bind("t", logicalTime)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /**
   * Records retry {@code number} as waiting for {@code dueAt}; false if that number was recorded
   * before (a retried transaction, another leader) or another retry waits already.
   */
  public boolean schedule(
      String root, Instant logicalTime, int number, Instant dueAt, int maxRetries) {
    return handle
            .createUpdate(
                "insert into pipeline_retry (root, logical_time, number, state, due_at, max_retries)"
                    + " values (:root, :t, :n, 'scheduled', :due, :max) on conflict do nothing")
            .bind("root", root)
            .bind("t", logicalTime)
            .bind("n", number)
            .bind("due", dueAt)
            .bind("max", maxRetries)
            .execute()
        == 1;
  }

  /**
   * Retries due by {@code now}, locked; one another transaction holds is left to it, so two
   * leaders' passes (one of them deposed) never both carry out one retry.
   */
  public List<PipelineRetry> dueForUpdate(Instant now, int limit) {
    return handle
        .createQuery(
            "select * from pipeline_retry where state = 'scheduled' and due_at <= :now "
                + "order by due_at limit :limit for update skip locked")
        .bind("now", now)
        .bind("limit", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /**
   * Records that the retry re-ran the nodes; false if it was no longer waiting (carried out or
   * dropped by another transaction), in which case the caller must change nothing.
   */
  public boolean markStarted(PipelineRetry retry, Instant now, String by) {
    return handle
            .createUpdate(
                "update pipeline_retry set state = 'started', started_at = :now, "
                    + "requested_by = coalesce(:by, requested_by) "
                    + "where root = :root and logical_time = :t and number = :n "
                    + "and state = 'scheduled'")
            .bind("now", now)
            .bind("by", by)
            .bind("root", retry.root())
            .bind("t", retry.logicalTime())
            .bind("n", retry.number())
            .execute()
        == 1;
  }

  /**
   * Records a retry an operator asked for, started now; false if that number exists already (two
   * requests at once: the second changes nothing).
   */
  public boolean insertStarted(
      String root, Instant logicalTime, int number, int maxRetries, Instant now, String by) {
    return handle
            .createUpdate(
                "insert into pipeline_retry (root, logical_time, number, state, due_at, "
                    + "max_retries, requested_by, started_at) "
                    + "values (:root, :t, :n, 'started', :now, :max, :by, :now) "
                    + "on conflict do nothing")
            .bind("root", root)
            .bind("t", logicalTime)
            .bind("n", number)
            .bind("now", now)
            .bind("max", maxRetries)
            .bind("by", by)
            .execute()
        == 1;
  }

  /** Drops a waiting retry whose pipeline no longer needs it (re-run or resolved meanwhile). */
  public void drop(PipelineRetry retry) {
    handle
        .createUpdate(
            "delete from pipeline_retry where root = :root and logical_time = :t and number = :n "
                + "and state = 'scheduled'")
        .bind("root", retry.root())
        .bind("t", retry.logicalTime())
        .bind("n", retry.number())
        .execute();
  }

  private static PipelineRetry map(ResultSet rs) throws SQLException {
    return new PipelineRetry(
        rs.getString("root"),
        Columns.instant(rs, "logical_time"),
        rs.getInt("number"),
        rs.getString("state"),
        Columns.instant(rs, "due_at"),
        rs.getInt("max_retries"),
        rs.getString("requested_by"),
        Columns.instant(rs, "started_at"));
  }
}
