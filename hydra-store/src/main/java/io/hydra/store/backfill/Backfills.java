package io.hydra.store.backfill;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hydra.store.internal.Columns;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code backfill} table. */
public final class Backfills {

  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

  private final Handle handle;

  public Backfills(Handle handle) {
    this.handle = handle;
  }

  public Backfill create(
      String job,
      Instant from,
      Instant to,
      int parallelism,
      int total,
      Instant firstFire,
      Map<String, String> params,
      Integer priority,
      String who,
      Instant now) {
    return handle
        .createQuery(
            "insert into backfill (job, range_from, range_to, parallelism, state, total, "
                + "next_fire, params, priority, created_by, created_at, updated_at, ended_at) "
                + "values (:job, :from, :to, :parallelism, :state, :total, :next, "
                + "cast(:params as jsonb), :priority, :who, :now, :now, :ended) returning *")
        .bind("priority", priority)
        .bind("job", job)
        .bind("from", from)
        .bind("to", to)
        .bind("parallelism", parallelism)
        .bind("state", total == 0 ? Backfill.SUCCEEDED : Backfill.RUNNING)
        .bind("total", total)
        .bind("next", firstFire)
        .bind("params", Json.write(params))
        .bind("who", who)
        .bind("now", now)
        .bind("ended", total == 0 ? now : null)
        .map((rs, ctx) -> map(rs))
        .one();
  }

  public Optional<Backfill> get(long id) {
    return handle
        .createQuery("select * from backfill where id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public Optional<Backfill> getForUpdate(long id) {
    return handle
        .createQuery("select * from backfill where id = :id for update")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Running backfills, locked and skipped by a concurrent engine. */
  public List<Backfill> claimRunning() {
    return handle
        .createQuery(
            "select * from backfill where state = 'running' order by id "
                + "for update skip locked")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  public List<Backfill> ofJob(String job) {
    return handle
        .createQuery("select * from backfill where job = :job order by id desc")
        .bind("job", job)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Records progress: the next fire time to create and how many fire times had a run. */
  public void advance(long id, Instant nextFire, int existing, Instant now) {
    handle
        .createUpdate(
            "update backfill set next_fire = :next, existing = :existing, "
                + "updated_at = :now where id = :id")
        .bind("id", id)
        .bind("next", nextFire)
        .bind("existing", existing)
        .bind("now", now)
        .execute();
  }

  public void end(long id, String state, Instant now) {
    handle
        .createUpdate(
            "update backfill set state = :state, next_fire = null, "
                + "updated_at = :now, ended_at = :now where id = :id")
        .bind("id", id)
        .bind("state", state)
        .bind("now", now)
        .execute();
  }

  private static Backfill map(ResultSet rs) throws SQLException {
    return new Backfill(
        rs.getLong("id"),
        rs.getString("job"),
        Columns.instant(rs, "range_from"),
        Columns.instant(rs, "range_to"),
        rs.getInt("parallelism"),
        rs.getString("state"),
        rs.getInt("total"),
        rs.getInt("existing"),
        Columns.instant(rs, "next_fire"),
        Json.read(rs.getString("params"), PARAMS),
        rs.getString("created_by"),
        Columns.instant(rs, "created_at"),
        Columns.instant(rs, "updated_at"),
        Columns.instant(rs, "ended_at"),
        (Integer) rs.getObject("priority"));
  }
}
