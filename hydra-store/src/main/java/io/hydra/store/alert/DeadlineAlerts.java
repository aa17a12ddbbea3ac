package io.hydra.store.alert;

import io.hydra.store.internal.Columns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Deadline alerts: raised once per job, logical time and kind, and read by pages and notifiers. */
public final class DeadlineAlerts {

  private final Handle handle;

  public DeadlineAlerts(Handle handle) {
    this.handle = handle;
  }

  /** Raises the alert unless it was raised before; answers its id if this call raised it. */
  public Optional<Long> raise(
      String job,
      Instant logicalTime,
      String kind,
      Long runId,
      Instant deadline,
      Instant eta,
      String reason) {
    return handle
        .createQuery(
            "insert into deadline_alert (job, logical_time, kind, run_id, deadline, eta, reason) "
                + "values (:job, :t, :kind, :run, :deadline, :eta, :reason) "
                + "on conflict (job, logical_time, kind) do nothing returning id")
        .bind("job", job)
        .bind("t", logicalTime)
        .bind("kind", kind)
        .bind("run", runId)
        .bind("deadline", deadline)
        .bind("eta", eta)
        .bind("reason", reason)
        .mapTo(Long.class)
        .findOne();
  }

  /** Alerts raised after {@code id}, oldest first (a notifier's feed). */
  public List<DeadlineAlert> after(long id, int limit) {
    return handle
        .createQuery("select * from deadline_alert where id > :id order by id limit :limit")
        .bind("id", id)
        .bind("limit", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  public long maxId() {
    return handle
        .createQuery("select coalesce(max(id), 0) from deadline_alert")
        .mapTo(Long.class)
        .one();
  }

  /** The alerts of a job at a logical time, oldest first. */
  public List<DeadlineAlert> of(String job, Instant logicalTime) {
    return handle
        .createQuery(
            "select * from deadline_alert where job = :job and logical_time = :t order by id")
        .bind("job", job)
        .bind("t", logicalTime)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** A job's latest alerts, newest first (the job page). */
  public List<DeadlineAlert> latestOf(String job, int limit) {
    return handle
        .createQuery(
            "select * from deadline_alert where job = :job order by logical_time desc, id desc "
                + "limit :limit")
        .bind("job", job)
        .bind("limit", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** How many alerts of each kind were ever raised (for metrics). */
  public Map<String, Long> countsByKind() {
    Map<String, Long> out = new HashMap<>();
    handle
        .createQuery("select kind, count(*) as n from deadline_alert group by kind")
        .map((rs, ctx) -> Map.entry(rs.getString("kind"), rs.getLong("n")))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static DeadlineAlert map(ResultSet rs) throws SQLException {
    long run = rs.getLong("run_id");
    Long runId = rs.wasNull() ? null : run;
    return new DeadlineAlert(
        rs.getLong("id"),
        rs.getString("job"),
        Columns.instant(rs, "logical_time"),
        rs.getString("kind"),
        runId,
        Columns.instant(rs, "deadline"),
        Columns.instant(rs, "eta"),
        rs.getString("reason"),
        Columns.instant(rs, "created_at"));
  }
}
