package io.hydra.store.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code notification} table: webhook deliveries of run events, one per event and URL. */
public final class Deliveries {

  private final Handle handle;

  public Deliveries(Handle handle) {
    this.handle = handle;
  }

  /**
   * Records a pending delivery and returns its id; empty when the event already has one for this
   * URL (another instance that heard the same change took it).
   */
  public Optional<Long> insertPending(
      long eventId, long runId, String job, String event, String url) {
    return handle
        .createQuery(
            "insert into notification (event_id, run_id, job, event, url, state) values "
                + "(:event_id, :run_id, :job, :event, :url, 'pending') "
                + "on conflict (event_id, url) do nothing returning id")
        .bind("event_id", eventId)
        .bind("run_id", runId)
        .bind("job", job)
        .bind("event", event)
        .bind("url", url)
        .mapTo(Long.class)
        .findOne();
  }

  /** A pending delivery of a deadline alert; empty if another instance took it already. */
  public Optional<Long> insertPendingAlert(
      long alertId, Long runId, String job, String event, String url) {
    return handle
        .createQuery(
            "insert into notification (alert_id, run_id, job, event, url, state) values "
                + "(:alert_id, :run_id, :job, :event, :url, 'pending') "
                + "on conflict (alert_id, url) where alert_id is not null do nothing returning id")
        .bind("alert_id", alertId)
        .bind("run_id", runId)
        .bind("job", job)
        .bind("event", event)
        .bind("url", url)
        .mapTo(Long.class)
        .findOne();
  }

  /** The outcome of a try; {@code responseCode} 0 when no answer came. */
  public void update(long id, String state, int attempts, int responseCode, String error) {
    handle
        .createUpdate(
            "update notification set state = :state, attempts = :attempts, "
                + "response_code = :code, last_error = :error, updated_at = now() where id = :id")
        .bind("state", state)
        .bind("attempts", attempts)
        .bind("code", responseCode == 0 ? null : responseCode)
        .bind("error", error)
        .bind("id", id)
        .execute();
  }

  /** The newest {@code limit} deliveries, of one job or (null) of all. */
  public List<Delivery> newest(String job, int limit) {
    return handle
        .createQuery(
            "select * from notification where (cast(:job as text) is null or job = :job) "
                + "order by id desc limit :limit")
        .bind("job", job)
        .bind("limit", limit)
        .map((rs, ctx) -> delivery(rs))
        .list();
  }

  private static Delivery delivery(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getLong("id"),
        (Long) rs.getObject("event_id"),
        (Long) rs.getObject("alert_id"),
        (Long) rs.getObject("run_id"),
        rs.getString("job"),
        rs.getString("event"),
        rs.getString("url"),
        rs.getString("state"),
        rs.getInt("attempts"),
        (Integer) rs.getObject("response_code"),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
