package io.hydra.store.run;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.TaskLocation;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** The {@code attempt} table. */
public final class Attempts {

  /**
   * The states of an attempt that has not ended. Written out literally in each query, so that
   * PostgreSQL uses the partial index {@code attempt_active} (same predicate).
   */
  static final String ACTIVE = "('launching', 'running')";

  private final Handle handle;

  public Attempts(Handle handle) {
    this.handle = handle;
  }

  public void insert(Attempt a) {
    insertAll(List.of(a));
  }

  /**
   * Inserts several attempts with one {@code INSERT ... SELECT FROM unnest(...)}: one statement for
   * the batch, where a JDBC batch costs PostgreSQL a statement per row (or per few rows).
   */
  public void insertAll(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return;
    }
    handle
        .createUpdate(
            "insert into attempt (run_id, number, task_id, launcher, state, reason, reason_kind, "
                + "reason_details, deadline_at, created_at, location_host, location_root, "
                + "location_id) select u.run, u.number, u.task, u.launcher, u.state, u.reason, "
                + "u.kind, cast(u.details as jsonb), u.deadline, u.created, u.host, u.root, "
                + "u.location_id from unnest(cast(:runs as bigint[]), "
                + "cast(:numbers as integer[]), cast(:tasks as text[]), cast(:launchers as text[]), "
                + "cast(:states as text[]), cast(:reasons as text[]), cast(:kinds as text[]), "
                + "cast(:details as text[]), "
                + "cast(:deadlines as timestamptz[]), cast(:created as timestamptz[]), "
                + "cast(:hosts as text[]), cast(:roots as text[]), cast(:locationIds as text[])) "
                + "as u(run, number, task, launcher, state, reason, kind, details, deadline, "
                + "created, host, root, location_id)")
        .bind("runs", attempts.stream().map(Attempt::runId).toArray(Long[]::new))
        .bind("numbers", attempts.stream().map(Attempt::number).toArray(Integer[]::new))
        .bind("tasks", attempts.stream().map(Attempt::taskId).toArray(String[]::new))
        .bind("launchers", attempts.stream().map(Attempt::launcher).toArray(String[]::new))
        .bind("states", attempts.stream().map(a -> a.state().wireName()).toArray(String[]::new))
        .bind("reasons", attempts.stream().map(Attempt::reason).toArray(String[]::new))
        .bind("kinds", kinds(attempts))
        .bind("details", details(attempts))
        .bind("deadlines", RunRows.texts(attempts, Attempt::deadlineAt))
        .bind("created", RunRows.texts(attempts, Attempt::createdAt))
        .bind("hosts", locations(attempts, TaskLocation::host))
        .bind("roots", locations(attempts, TaskLocation::root))
        .bind("locationIds", locations(attempts, TaskLocation::id))
        .execute();
  }

  /**
   * Records that {@code attempt} is to be killed, and why. Writes only the kill columns: the
   * attempt's state is changed by launcher reports applied concurrently (another thread, maybe
   * another connection), and writing back the whole row as read here could undo one of them.
   */
  public void requestKill(Attempt attempt, ReasonKind kind, String why, Instant now) {
    handle
        .createUpdate(
            "update attempt set kill_requested_at = :at, kill_kind = :kind, kill_reason = :why "
                + "where task_id = :task")
        .bind("at", now)
        .bind("kind", kind.wireName())
        .bind("why", why)
        .bind("task", attempt.taskId())
        .execute();
  }

  /** The attempts with these task ids, locked, by task id (absent ids are left out). */
  public Map<String, Attempt> byTaskIdsForUpdate(Collection<String> taskIds) {
    Map<String, Attempt> out = new HashMap<>();
    if (taskIds.isEmpty()) {
      return out;
    }
    handle
        .createQuery(
            "select * from attempt where task_id = any(:tasks) order by task_id for update")
        .bind("tasks", taskIds.toArray(new String[0]))
        .map((rs, ctx) -> map(rs))
        .forEach(a -> out.put(a.taskId(), a));
    return out;
  }

  /**
   * Writes the state, reason, exit code, kill request, times and location of each attempt, as one
   * {@code UPDATE ... FROM unnest(...)} (the last change of an attempt wins, as applied in order).
   * The caller holds the rows' locks ({@link #byTaskIdsForUpdate}).
   */
  public void updateAll(Collection<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return;
    }
    Map<String, Attempt> last = new LinkedHashMap<>();
    attempts.forEach(a -> last.put(a.taskId(), a));
    List<Attempt> rows = List.copyOf(last.values());
    handle
        .createUpdate(
            "update attempt a set state = u.state, reason = u.reason, reason_kind = u.kind, "
                + "reason_details = cast(u.details as jsonb), exit_code = u.code, "
                + "kill_requested_at = u.kill_at, kill_kind = u.kill_kind, "
                + "kill_reason = u.kill_reason, "
                + "started_at = u.started_at, ended_at = u.ended_at, "
                + "location_host = u.host, location_root = u.root, location_id = u.location_id "
                + "from unnest(cast(:tasks as text[]), cast(:states as text[]), "
                + "cast(:reasons as text[]), cast(:kinds as text[]), cast(:details as text[]), "
                + "cast(:codes as integer[]), "
                + "cast(:killAt as timestamptz[]), cast(:killKinds as text[]), "
                + "cast(:killReasons as text[]), "
                + "cast(:startedAt as timestamptz[]), cast(:endedAt as timestamptz[]), "
                + "cast(:hosts as text[]), cast(:roots as text[]), cast(:locationIds as text[])) "
                + "as u(task, state, reason, kind, details, code, kill_at, kill_kind, kill_reason, "
                + "started_at, "
                + "ended_at, "
                + "host, root, location_id) "
                + "where a.task_id = u.task")
        .bind("tasks", rows.stream().map(Attempt::taskId).toArray(String[]::new))
        .bind("states", rows.stream().map(a -> a.state().wireName()).toArray(String[]::new))
        .bind("reasons", rows.stream().map(Attempt::reason).toArray(String[]::new))
        .bind("kinds", kinds(rows))
        .bind("details", details(rows))
        .bind("codes", rows.stream().map(Attempt::exitCode).toArray(Integer[]::new))
        .bind("killAt", RunRows.texts(rows, Attempt::killRequestedAt))
        .bind(
            "killKinds",
            rows.stream()
                .map(a -> a.killKind() == null ? null : a.killKind().wireName())
                .toArray(String[]::new))
        .bind("killReasons", rows.stream().map(Attempt::killReason).toArray(String[]::new))
        .bind("startedAt", RunRows.texts(rows, Attempt::startedAt))
        .bind("endedAt", RunRows.texts(rows, Attempt::endedAt))
        .bind("hosts", locations(rows, TaskLocation::host))
        .bind("roots", locations(rows, TaskLocation::root))
        .bind("locationIds", locations(rows, TaskLocation::id))
        .execute();
  }

  public Optional<Attempt> get(long runId, int number) {
    return handle
        .createQuery("select * from attempt where run_id = :run and number = :n")
        .bind("run", runId)
        .bind("n", number)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  public List<Attempt> ofRun(long runId) {
    return handle
        .createQuery("select * from attempt where run_id = :run order by number")
        .bind("run", runId)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Attempts that are launching or running: what a restart must reconcile. */
  public List<Attempt> active() {
    return handle
        .createQuery("select * from attempt where state in " + ACTIVE + " order by run_id")
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /**
   * Records, before a launcher hands these tasks on (a Mesos ACCEPT), that it does and where to:
   * one statement for the batch. The location is the one the tasks are sent to; their first status
   * reports the same place. Ended attempts are left as they are.
   */
  public void recordSent(Collection<String> taskIds, TaskLocation where, Instant at) {
    if (taskIds.isEmpty()) {
      return;
    }
    handle
        .createUpdate(
            "update attempt set sent_at = :at, location_host = :host, location_root = :root, "
                + "location_id = :id where task_id = any(:tasks) and state in "
                + ACTIVE)
        .bind("at", at)
        .bind("host", where.host())
        .bind("root", where.root())
        .bind("id", where.id())
        .bind("tasks", taskIds.toArray(new String[0]))
        .execute();
  }

  /**
   * Task ids of active attempts whose launcher never recorded handing them on ({@link
   * #recordSent}).
   */
  public Set<String> activeNeverSent() {
    return new HashSet<>(
        handle
            .createQuery(
                "select task_id from attempt where state in " + ACTIVE + " and sent_at is null")
            .mapTo(String.class)
            .list());
  }

  /** Task ids of active attempts that an operator, a timeout or a replacing run asked to stop. */
  public List<String> killRequestedActive() {
    return handle
        .createQuery(
            "select task_id from attempt where state in "
                + ACTIVE
                + " "
                + "and kill_requested_at is not null")
        .mapTo(String.class)
        .list();
  }

  /** How many attempts of each job this launcher is running (or launching). */
  public Map<String, Integer> activeByJob(String launcher) {
    return handle
        .createQuery(
            "select r.job, count(*) from attempt a join run r on r.id = a.run_id "
                + "where a.state in "
                + ACTIVE
                + " and a.launcher = :launcher "
                + "group by r.job")
        .bind("launcher", launcher)
        .reduceResultSet(
            new HashMap<String, Integer>(),
            (acc, rs, ctx) -> {
              acc.put(rs.getString(1), rs.getInt(2));
              return acc;
            });
  }

  /** Running attempts past their deadline that have not been told to stop yet. */
  public List<Attempt> overdue(Instant now) {
    return handle
        .createQuery(
            "select * from attempt where state in "
                + ACTIVE
                + " "
                + "and deadline_at <= :now and kill_requested_at is null")
        .bind("now", now)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  private static Attempt map(ResultSet rs) throws SQLException {
    return new Attempt(
        rs.getLong("run_id"),
        rs.getInt("number"),
        rs.getString("task_id"),
        rs.getString("launcher"),
        TaskLocation.ofNullable(
            rs.getString("location_host"),
            rs.getString("location_root"),
            rs.getString("location_id")),
        AttemptState.fromWire(rs.getString("state")),
        reason(rs),
        (Integer) rs.getObject("exit_code"),
        RunRows.instant(rs.getObject("deadline_at", OffsetDateTime.class)),
        RunRows.instant(rs.getObject("kill_requested_at", OffsetDateTime.class)),
        rs.getString("kill_kind") == null ? null : ReasonKind.fromWire(rs.getString("kill_kind")),
        rs.getString("kill_reason"),
        RunRows.instant(rs.getObject("created_at", OffsetDateTime.class)),
        RunRows.instant(rs.getObject("started_at", OffsetDateTime.class)),
        RunRows.instant(rs.getObject("ended_at", OffsetDateTime.class)));
  }

  /** The attempt's reason; one recorded before attempts had reason kinds keeps its sentence. */
  private static Reason reason(ResultSet rs) throws SQLException {
    String kind = rs.getString("reason_kind");
    return kind == null
        ? Reason.legacy(ReasonKind.UNKNOWN, rs.getString("reason"))
        : RunRows.reason(rs);
  }

  private static String[] kinds(Collection<Attempt> attempts) {
    return attempts.stream().map(a -> a.why().kind().wireName()).toArray(String[]::new);
  }

  private static String[] details(Collection<Attempt> attempts) {
    return attempts.stream().map(a -> Json.write(a.why().details())).toArray(String[]::new);
  }

  /** One part of each attempt's location, null where the location is unknown. */
  private static String[] locations(
      Collection<Attempt> attempts, Function<TaskLocation, String> part) {
    return attempts.stream()
        .map(a -> a.location() == null ? null : part.apply(a.location()))
        .toArray(String[]::new);
  }
}
