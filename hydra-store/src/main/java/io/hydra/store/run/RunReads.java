package io.hydra.store.run;

import static io.hydra.store.run.RunRows.UNFINISHED;
import static io.hydra.store.run.RunRows.instant;
import static io.hydra.store.run.RunRows.map;
import static io.hydra.store.run.RunRows.reason;

import io.hydra.core.run.RunState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Runs by id or by (job, logical time), pages of runs and a run's timeline: what the API and UI
 * show ({@code RunService}), and the rows the engine locks before it changes them (an operator's
 * action, a task status, a dependent run).
 */
public final class RunReads {

  private final Handle handle;

  public RunReads(Handle handle) {
    this.handle = handle;
  }

  public Optional<Run> get(long id) {
    return one("select * from run where id = :id", "id", id);
  }

  public Optional<Run> getForUpdate(long id) {
    return one("select * from run where id = :id for update", "id", id);
  }

  /** The runs with these ids, locked, by id. */
  public Map<Long, Run> getAllForUpdate(Collection<Long> ids) {
    Map<Long, Run> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    handle
        .createQuery("select * from run where id = any(:ids) order by id for update")
        .bind("ids", ids.toArray(new Long[0]))
        .map((rs, ctx) -> map(rs))
        .forEach(r -> out.put(r.id(), r));
    return out;
  }

  public Optional<Run> find(String job, Instant logicalTime) {
    return handle
        .createQuery("select * from run where job = :job and logical_time = :t")
        .bind("job", job)
        .bind("t", logicalTime)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<Run> findForUpdate(String job, Instant logicalTime) {
    return handle
        .createQuery("select * from run where job = :job and logical_time = :t for update")
        .bind("job", job)
        .bind("t", logicalTime)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** A page of runs; every value is bound, no SQL is built from input. */
  public List<Run> page(RunQuery q) {
    String column = q.sort().column;
    String direction = q.descending() ? "desc" : "asc";
    String compare = q.descending() ? "<" : ">";
    StringBuilder sql = new StringBuilder("select * from run where true");
    if (q.job() != null) {
      sql.append(" and job = :job");
    }
    if (q.owners() != null) {
      sql.append(
          " and job in (select name from job where coalesce(spec->>'owner', '') = "
              + "any(:owners))");
    }
    if (q.states() != null && !q.states().isEmpty()) {
      sql.append(" and state = any(:states)");
    }
    if (q.from() != null) {
      sql.append(" and logical_time >= :from");
    }
    if (q.to() != null) {
      sql.append(" and logical_time < :to");
    }
    if (q.after() != null) {
      sql.append(
          q.sort() == RunQuery.Sort.ID
              ? " and id " + compare + " :after_id"
              : " and (" + column + ", id) " + compare + " (:after_value, :after_id)");
    }
    sql.append(" order by ").append(column).append(' ').append(direction);
    if (q.sort() != RunQuery.Sort.ID) {
      sql.append(", id ").append(direction);
    }
    sql.append(" limit :limit");
    Query query = handle.createQuery(sql.toString()).bind("limit", q.limit());
    if (q.job() != null) {
      query.bind("job", q.job());
    }
    if (q.owners() != null) {
      query.bind("owners", q.owners().toArray(new String[0]));
    }
    if (q.states() != null && !q.states().isEmpty()) {
      query.bind("states", q.states().stream().map(RunState::wireName).toArray(String[]::new));
    }
    if (q.from() != null) {
      query.bind("from", q.from().atOffset(ZoneOffset.UTC));
    }
    if (q.to() != null) {
      query.bind("to", q.to().atOffset(ZoneOffset.UTC));
    }
    if (q.after() != null) {
      query.bind("after_id", q.after().id());
      if (q.sort() != RunQuery.Sort.ID) {
        query.bind("after_value", q.after().value().atOffset(ZoneOffset.UTC));
      }
    }
    return query.map((rs, ctx) -> map(rs)).list();
  }

  /** Runs of a job that have not ended, oldest logical time first (unlocked). */
  public List<Run> unfinishedOf(String job) {
    return handle
        .createQuery(
            "select * from run where job = :job "
                + "and state in "
                + UNFINISHED
                + " order by logical_time")
        .bind("job", job)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  public List<RunEvent> events(long runId) {
    return handle
        .createQuery("select * from run_event where run_id = :id order by id")
        .bind("id", runId)
        .map(
            (rs, ctx) ->
                new RunEvent(
                    instant(rs.getObject("at", OffsetDateTime.class)),
                    rs.getString("state"),
                    reason(rs),
                    (Integer) rs.getObject("attempt")))
        .list();
  }

  private Optional<Run> one(String sql, String name, Object value) {
    return handle.createQuery(sql).bind(name, value).map((rs, ctx) -> map(rs)).findOne();
  }
}
