package io.hydra.store.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The {@code audit_log} table: one row per change made through the API. */
public final class AuditEntries {

  private final Handle handle;

  public AuditEntries(Handle handle) {
    this.handle = handle;
  }

  /** Adds a row (its {@code id} and {@code at} are the database's) and returns its id. */
  public long insert(
      String actor,
      String action,
      String target,
      String job,
      Integer status,
      JsonNode before,
      JsonNode after) {
    return handle
        .createUpdate(
            "insert into audit_log (actor, action, target, job, status, before, after) values "
                + "(:actor, :action, :target, :job, :status, cast(:before as jsonb), "
                + "cast(:after as jsonb))")
        .bind("actor", actor)
        .bind("action", action)
        .bind("target", target)
        .bind("job", job)
        .bind("status", status)
        .bind("before", json(before))
        .bind("after", json(after))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** Adds the answer to a row written with its change; a job already named stays. */
  public void complete(long id, String job, int status, JsonNode after) {
    handle
        .createUpdate(
            "update audit_log set job = coalesce(job, :job), status = :status, "
                + "after = cast(:after as jsonb) where id = :id")
        .bind("id", id)
        .bind("job", job)
        .bind("status", status)
        .bind("after", json(after))
        .execute();
  }

  public List<AuditEntry> read(AuditEntry.Query query) {
    return handle
        .createQuery(
            "select id, at, actor, action, target, job, status, before::text as before, "
                + "after::text as after from audit_log "
                + "where (cast(:job as text) is null or job = :job) "
                + "and (cast(:since as timestamptz) is null or at >= :since) "
                + "and (cast(:before_id as bigint) is null or id < :before_id) "
                + "order by id desc limit :limit")
        .bind("job", query.job())
        .bind("since", query.since())
        .bind("before_id", query.beforeId())
        .bind("limit", query.limit())
        .map((rs, ctx) -> entry(rs))
        .list();
  }

  public long count() {
    return handle.createQuery("select count(*) from audit_log").mapTo(Long.class).one();
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("id"),
        rs.getTimestamp("at").toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("job"),
        rs.getObject("status", Integer.class),
        tree(rs.getString("before")),
        tree(rs.getString("after")));
  }

  private static String json(JsonNode node) {
    return node == null || node.isNull() ? null : Json.write(node);
  }

  private static JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.json().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_log holds invalid JSON", e);
    }
  }
}
