package io.hydra.store.run;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** The {@code run} and {@code run_event} tables. */
public final class Runs {

  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

  /** The states of a run that has not ended, as an SQL list: {@code ('waiting', ...)}. */
  private static final String UNFINISHED = sqlList(s -> !s.isTerminal());

  /** {@link RunState#ACTIVE} as an SQL list. */
  private static final String ACTIVE = sqlList(RunState.ACTIVE::contains);

  private final Handle handle;

  public Runs(Handle handle) {
    this.handle = handle;
  }

  /**
   * Creates the run unless (job, logical time) exists already. This {@code ON CONFLICT DO NOTHING}
   * is what makes every fire happen once, across crashes and instances.
   */
  public Optional<Run> insertIfAbsent(NewRun run, Instant now) {
    Optional<Run> created =
        handle
            .createQuery(
                "insert into run (job, logical_time, job_version, state, reason, reason_kind, "
                    + "reason_details, cause, params, backfill_id, upstream_deadline, "
                    + "created_at, updated_at, ended_at) values (:job, :t, :version, :state, "
                    + ":reason, :kind, cast(:details as jsonb), :cause, cast(:params as jsonb), "
                    + ":backfill, :deadline, :now, :now, :ended) "
                    + "on conflict (job, logical_time) do nothing returning *")
            .bind("job", run.job())
            .bind("t", run.logicalTime())
            .bind("version", run.jobVersion())
            .bind("state", run.state().wireName())
            .bind("reason", run.reason())
            .bind("kind", run.reasonKind().wireName())
            .bind("details", Json.write(run.why().details()))
            .bind("cause", run.cause().wireName())
            .bind("params", Json.write(run.params()))
            .bind("backfill", run.backfillId())
            .bind("deadline", run.upstreamDeadline())
            .bind("now", now)
            .bind("ended", run.state().isTerminal() ? now : null)
            .map((rs, ctx) -> map(rs))
            .findOne();
    created.ifPresent(
        r -> new TimelineWrites().add(r.id(), now, r.state(), r.why(), null).insert(handle));
    return created;
  }

  /**
   * Creates every run not there yet, as {@link #insertIfAbsent} does one by one, with one {@code
   * INSERT ... SELECT FROM unnest(...) ON CONFLICT DO NOTHING} (the unique key still decides, so a
   * run is created once) and their timeline entries as one batch. Returns the runs it created. With
   * {@code createdAs}, each created run's timeline starts with a {@code waiting} entry with that
   * reason before the entry of its state: a dependent run created already decided reads as if it
   * had been created waiting and then decided.
   */
  public List<Run> insertAllIfAbsent(List<NewRun> runs, Instant now, Reason createdAs) {
    return insertAll(runs, now, createdAs, null);
  }

  /**
   * Creates queued runs that start at once, as {@link #insertAllIfAbsent} would create them and a
   * dispatch would then start them, without writing each row twice: each created run is stored
   * {@code running} with {@code startReason} and its first attempt counted, and its timeline reads
   * {@code queued} (the reason the runs share, e.g. a scheduled fire) then {@code running}. The
   * caller inserts the attempts in the same transaction. Runs that exist already are left as they
   * are and not returned.
   */
  public List<Run> insertAllStarted(List<NewRun> runs, Instant now, Reason startReason) {
    if (runs.isEmpty()) {
      return List.of();
    }
    Reason queuedReason = runs.get(0).why();
    for (NewRun r : runs) {
      if (r.state() != RunState.QUEUED || !r.why().equals(queuedReason)) {
        throw new IllegalArgumentException(
            "runs started at once are created queued, for one reason: " + r);
      }
    }
    return insertAll(runs, now, queuedReason, startReason);
  }

  /**
   * With {@code startReason}, the runs are stored running and {@code createdAs} is the reason of
   * their first, {@code queued}, entry; without, {@code createdAs} (if any) is the reason of a
   * first {@code waiting} entry.
   */
  private List<Run> insertAll(
      List<NewRun> runs, Instant now, Reason createdAs, Reason startReason) {
    if (runs.isEmpty()) {
      return List.of();
    }
    boolean started = startReason != null;
    RunState firstEntry = started ? RunState.QUEUED : RunState.WAITING;
    int n = runs.size();
    String[] jobs = new String[n];
    String[] times = new String[n];
    Integer[] versions = new Integer[n];
    String[] states = new String[n];
    String[] reasons = new String[n];
    String[] kinds = new String[n];
    String[] details = new String[n];
    String[] causes = new String[n];
    String[] params = new String[n];
    Long[] backfills = new Long[n];
    String[] deadlines = new String[n];
    Boolean[] ended = new Boolean[n];
    for (int i = 0; i < n; i++) {
      NewRun run = runs.get(i);
      jobs[i] = run.job();
      times[i] = run.logicalTime().toString();
      versions[i] = run.jobVersion();
      states[i] = started ? RunState.RUNNING.wireName() : run.state().wireName();
      Reason why = started ? startReason : run.why();
      reasons[i] = why.text();
      kinds[i] = why.kind().wireName();
      details[i] = Json.write(why.details());
      causes[i] = run.cause().wireName();
      params[i] = Json.write(run.params());
      backfills[i] = run.backfillId();
      deadlines[i] = run.upstreamDeadline() == null ? null : run.upstreamDeadline().toString();
      ended[i] = run.state().isTerminal();
    }
    List<Run> created =
        handle
            .createQuery(
                "insert into run (job, logical_time, job_version, state, reason, reason_kind, "
                    + "reason_details, cause, params, backfill_id, upstream_deadline, "
                    + "created_at, updated_at, ended_at, attempts, started_at) "
                    + "select u.job, u.t, u.version, u.state, u.reason, u.kind, "
                    + "cast(u.details as jsonb), u.cause, "
                    + "cast(u.params as jsonb), u.backfill, u.deadline, :now, :now, "
                    + "case when u.ended then cast(:now as timestamptz) end, "
                    + ":attempts, case when :started then cast(:now as timestamptz) end "
                    + "from unnest(cast(:jobs as text[]), cast(:times as timestamptz[]), "
                    + "cast(:versions as integer[]), cast(:states as text[]), "
                    + "cast(:reasons as text[]), cast(:kinds as text[]), "
                    + "cast(:details as text[]), cast(:causes as text[]), "
                    + "cast(:params as text[]), cast(:backfills as bigint[]), "
                    + "cast(:deadlines as timestamptz[]), cast(:ended as boolean[])) "
                    + "as u(job, t, version, state, reason, kind, details, cause, params, "
                    + "backfill, deadline, ended) "
                    + "on conflict (job, logical_time) do nothing returning *")
            .bind("now", now)
            .bind("jobs", jobs)
            .bind("times", times)
            .bind("versions", versions)
            .bind("states", states)
            .bind("reasons", reasons)
            .bind("kinds", kinds)
            .bind("details", details)
            .bind("causes", causes)
            .bind("params", params)
            .bind("backfills", backfills)
            .bind("deadlines", deadlines)
            .bind("ended", ended)
            .bind("attempts", started ? 1 : 0)
            .bind("started", started)
            .map((rs, ctx) -> map(rs))
            .list();
    var timeline = new TimelineWrites();
    for (Run r : created) {
      if (createdAs != null) {
        timeline.add(r.id(), now, firstEntry, createdAs, null);
      }
      timeline.add(r.id(), now, r.state(), r.why(), started ? 1 : null);
    }
    timeline.insert(handle);
    return created;
  }

  public Optional<Run> get(long id) {
    return one("select * from run where id = :id", "id", id);
  }

  public Optional<Run> getForUpdate(long id) {
    return one("select * from run where id = :id for update", "id", id);
  }

  /** The runs with these ids, locked, by id. */
  public Map<Long, Run> getAllForUpdate(Collection<Long> ids) {
    Map<Long, Run> out = new java.util.HashMap<>();
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

  /** The runs of several jobs at one logical time (the upstreams of a dependent run). */
  public Map<String, RunState> statesAt(Collection<String> jobs, Instant logicalTime) {
    if (jobs.isEmpty()) {
      return Map.of();
    }
    return handle
        .createQuery("select job, state from run where logical_time = :t and job in (<jobs>)")
        .bind("t", logicalTime)
        .bindList("jobs", List.copyOf(jobs))
        .reduceResultSet(
            new java.util.HashMap<String, RunState>(),
            (acc, rs, ctx) -> {
              acc.put(rs.getString("job"), RunState.fromWire(rs.getString("state")));
              return acc;
            });
  }

  public List<Run> list(RunFilter filter) {
    StringBuilder sql = new StringBuilder("select * from run where true");
    if (filter.job() != null) {
      sql.append(" and job = :job");
    }
    if (filter.state() != null) {
      sql.append(" and state = :state");
    }
    if (filter.beforeId() != null) {
      sql.append(" and id < :before");
    }
    sql.append(" order by id desc limit :limit");
    Query query = handle.createQuery(sql.toString()).bind("limit", filter.limit());
    if (filter.job() != null) {
      query.bind("job", filter.job());
    }
    if (filter.state() != null) {
      query.bind("state", filter.state().wireName());
    }
    if (filter.beforeId() != null) {
      query.bind("before", filter.beforeId());
    }
    return query.map((rs, ctx) -> map(rs)).list();
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

  /**
   * Queued runs that may start now, oldest first, locked and skipped by concurrent dispatchers.
   * Runs held back are left out here, so they never crowd out runs that can start: those of a
   * paused job, and under {@code concurrency: queue} or {@code replace} those of a job that has
   * another run running or retrying (and under {@code queue}, an older queued run; under {@code
   * replace}, a newer one, which replaces the older ones when it starts).
   *
   * <p>The cost must stay that of the runs claimed, not of the runs queued: the scan walks {@code
   * run_active} in id order and stops at the limit, and each run's job is looked at by a scalar
   * subquery, which the planner cannot turn into a join. Bitmap scans are off for the statement:
   * with the statistics of a table into which thousands of runs were just queued (which autovacuum
   * has not analysed yet) the planner took a bitmap scan of every queued run, then sorted them all
   * for the first 25: 13-17 ms a claim with 10,000 queued, 0.3 ms in id order.
   */
  public List<Run> claimDispatchable(int limit) {
    handle.execute("set local enable_bitmapscan = off");
    List<Run> claimed =
        handle
            .createQuery(
                "select r.* from run r where r.state = 'queued' and not coalesce(("
                    + "select j.paused "
                    + "or (j.spec->>'concurrency' in ('queue', 'replace') "
                    + "  and exists (select 1 from run o where o.job = r.job and o.id <> r.id "
                    + "    and o.state in ('running', 'retrying'))) "
                    + "or (j.spec->>'concurrency' = 'queue' "
                    + "  and exists (select 1 from run o where o.job = r.job "
                    + "    and o.state = 'queued' and o.logical_time < r.logical_time)) "
                    + "or (j.spec->>'concurrency' = 'replace' "
                    + "  and exists (select 1 from run o where o.job = r.job "
                    + "    and o.state = 'queued' and o.logical_time > r.logical_time)) "
                    + "from job j where j.name = r.job), false) "
                    + "order by r.id limit :limit for update of r skip locked")
            .bind("limit", limit)
            .map((rs, ctx) -> map(rs))
            .list();
    handle.execute("set local enable_bitmapscan = on");
    return claimed;
  }

  /** Runs of a job that have not ended, other than {@code exceptId}, locked, oldest first. */
  public List<Run> activeOf(String job, long exceptId) {
    return handle
        .createQuery(
            "select * from run where job = :job and id <> :id "
                + "and state in "
                + UNFINISHED
                + " "
                + "order by logical_time for update")
        .bind("job", job)
        .bind("id", exceptId)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Queued runs of a job older than {@code logicalTime}, locked, oldest first. */
  public List<Run> queuedBefore(String job, Instant logicalTime) {
    return handle
        .createQuery(
            "select * from run where job = :job and state = 'queued' and logical_time < :t "
                + "order by logical_time for update")
        .bind("job", job)
        .bind("t", logicalTime)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Scheduled fires recorded as skipped because the job was paused, since {@code since}. */
  public List<Run> skippedWhilePaused(String job, Instant since) {
    return handle
        .createQuery(
            "select * from run where job = :job and state = 'skipped' and cause = 'schedule' "
                + "and reason_kind = 'paused' and logical_time >= :since "
                + "order by logical_time for update")
        .bind("job", job)
        .bind("since", since)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Runs of several jobs at one logical time, unlocked (for reading). */
  public List<Run> find(Collection<String> jobs, Instant logicalTime) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery("select * from run where logical_time = :t and job in (<jobs>)")
        .bind("t", logicalTime)
        .bindList("jobs", List.copyOf(jobs))
        .map((rs, ctx) -> map(rs))
        .list();
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

  /** The runs of several jobs at one logical time, locked in job order, by job. */
  public Map<String, Run> atForUpdate(Collection<String> jobs, Instant logicalTime) {
    Map<String, Run> out = new java.util.HashMap<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery(
            "select * from run where logical_time = :t and job = any(:jobs) "
                + "order by job for update")
        .bind("t", logicalTime)
        .bind("jobs", jobs.toArray(new String[0]))
        .map((rs, ctx) -> map(rs))
        .forEach(r -> out.put(r.job(), r));
    return out;
  }

  /** Runs of several jobs at one logical time, locked (a re-run resets them). */
  public List<Run> at(Collection<String> jobs, Instant logicalTime) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery("select * from run where logical_time = :t and job in (<jobs>) for update")
        .bind("t", logicalTime)
        .bindList("jobs", List.copyOf(jobs))
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Waiting runs whose freshness upstream was not met in time, locked. */
  public List<Run> pastUpstreamDeadline(Instant now, int limit) {
    return handle
        .createQuery(
            "select * from run where state = 'waiting' and upstream_deadline <= :now "
                + "order by upstream_deadline limit :limit for update skip locked")
        .bind("now", now)
        .bind("limit", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Waiting runs of a job with a logical time in [from, to], locked. */
  public List<Run> waitingBetween(String job, Instant from, Instant to) {
    return handle
        .createQuery(
            "select * from run where job = :job and state = 'waiting' "
                + "and logical_time between :from and :to order by logical_time for update")
        .bind("job", job)
        .bind("from", from)
        .bind("to", to)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Whether the job has a succeeded run with a logical time in [from, to]. */
  public boolean succeededBetween(String job, Instant from, Instant to) {
    return handle
        .createQuery(
            "select exists (select 1 from run where job = :job and state = 'succeeded' "
                + "and logical_time between :from and :to)")
        .bind("job", job)
        .bind("from", from)
        .bind("to", to)
        .mapTo(Boolean.class)
        .one();
  }

  /** Unfinished runs a backfill made, and how many runs it made by state. */
  public Map<String, Integer> countByStateOfBackfill(long backfillId) {
    return handle
        .createQuery("select state, count(*) from run where backfill_id = :id group by state")
        .bind("id", backfillId)
        .reduceResultSet(
            new java.util.TreeMap<String, Integer>(),
            (acc, rs, ctx) -> {
              acc.put(rs.getString(1), rs.getInt(2));
              return acc;
            });
  }

  /** A backfill's runs that have not ended, locked. */
  public List<Run> unfinishedOfBackfill(long backfillId) {
    return handle
        .createQuery(
            "select * from run where backfill_id = :id "
                + "and state in "
                + UNFINISHED
                + " order by logical_time "
                + "for update")
        .bind("id", backfillId)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  public List<Run> dueRetries(Instant now, int limit) {
    return handle
        .createQuery(
            "select * from run where state = 'retrying' and retry_at <= :now "
                + "order by retry_at limit :limit for update skip locked")
        .bind("now", now)
        .bind("limit", limit)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /**
   * The earliest of the engine's timers: a retry's backoff, an active attempt's deadline (not yet
   * told to stop), a waiting run's upstream deadline. One round trip for all three.
   */
  public Optional<Instant> nextTimer() {
    return handle
        .createQuery(
            "select least("
                + "(select min(retry_at) from run where state = 'retrying'), "
                + "(select min(deadline_at) from attempt where state in "
                + Attempts.ACTIVE
                + " "
                + "  and kill_requested_at is null), "
                + "(select min(upstream_deadline) from run where state = 'waiting'))")
        .map((rs, ctx) -> instant(rs.getObject(1, OffsetDateTime.class)))
        .findOne()
        .filter(java.util.Objects::nonNull);
  }

  /** Which of these jobs have a run queued, running or retrying ({@link #hasActive} for many). */
  public java.util.Set<String> withActive(Collection<String> jobs) {
    java.util.Set<String> out = new java.util.HashSet<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery("select distinct job from run where job = any(:jobs) and state in " + ACTIVE)
        .bind("jobs", jobs.toArray(new String[0]))
        .mapTo(String.class)
        .forEach(out::add);
    return out;
  }

  public boolean hasActive(String job) {
    return handle
        .createQuery(
            "select exists (select 1 from run where job = :job and state in " + ACTIVE + ")")
        .bind("job", job)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * One run's change for {@link #updateAll}: the row before and after; a change of state or reason
   * adds a timeline entry, naming {@code attempt} if it concerns one.
   */
  public record Change(Run before, Run after, Integer attempt) {}

  /**
   * Writes each change: one {@code UPDATE ... FROM unnest(...)} for all the runs (the last change
   * of a run wins, as applied in order) and their timeline entries with one more, instead of a
   * statement per run.
   */
  public void updateAll(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    Map<Long, Run> last = new java.util.LinkedHashMap<>();
    changes.forEach(c -> last.put(c.after().id(), c.after()));
    List<Run> runs = List.copyOf(last.values());
    handle
        .createUpdate(
            "update run r set state = u.state, reason = u.reason, reason_kind = u.kind, "
                + "reason_details = cast(u.details as jsonb), "
                + "params = cast(u.params as jsonb), job_version = u.version, "
                + "failures = u.failures, attempts = u.attempts, retry_at = u.retry_at, "
                + "updated_at = u.updated_at, started_at = u.started_at, ended_at = u.ended_at "
                + "from unnest(cast(:ids as bigint[]), cast(:states as text[]), "
                + "cast(:reasons as text[]), cast(:kinds as text[]), cast(:details as text[]), "
                + "cast(:params as text[]), "
                + "cast(:versions as integer[]), cast(:failures as integer[]), "
                + "cast(:attempts as integer[]), cast(:retryAt as timestamptz[]), "
                + "cast(:updatedAt as timestamptz[]), cast(:startedAt as timestamptz[]), "
                + "cast(:endedAt as timestamptz[])) as u(id, state, reason, kind, details, "
                + "params, version, failures, attempts, retry_at, updated_at, started_at, "
                + "ended_at) "
                + "where r.id = u.id")
        .bind("ids", runs.stream().map(Run::id).toArray(Long[]::new))
        .bind("states", runs.stream().map(r -> r.state().wireName()).toArray(String[]::new))
        .bind("reasons", runs.stream().map(Run::reason).toArray(String[]::new))
        .bind("kinds", runs.stream().map(r -> r.reasonKind().wireName()).toArray(String[]::new))
        .bind(
            "details", runs.stream().map(r -> Json.write(r.why().details())).toArray(String[]::new))
        .bind("params", runs.stream().map(r -> Json.write(r.params())).toArray(String[]::new))
        .bind("versions", runs.stream().map(Run::jobVersion).toArray(Integer[]::new))
        .bind("failures", runs.stream().map(Run::failures).toArray(Integer[]::new))
        .bind("attempts", runs.stream().map(Run::attempts).toArray(Integer[]::new))
        .bind("retryAt", texts(runs, Run::retryAt))
        .bind("updatedAt", texts(runs, Run::updatedAt))
        .bind("startedAt", texts(runs, Run::startedAt))
        .bind("endedAt", texts(runs, Run::endedAt))
        .execute();
    var timeline = new TimelineWrites();
    for (Change c : changes) {
      Run after = c.after();
      if (c.before().state() != after.state() || !c.before().why().equals(after.why())) {
        timeline.add(after.id(), after.updatedAt(), after.state(), after.why(), c.attempt());
      }
    }
    timeline.insert(handle);
  }

  /**
   * The writes of {@link #updateAll} for runs a dispatch has just started at {@code now} ({@code
   * RunLifecycle.dispatch}): only what a start changes (state, reason, job version, attempts, the
   * times; the failure count and parameters stay) and one timeline entry each, every statement over
   * arrays of a few columns. The caller holds the rows' locks.
   */
  public void updateStarted(List<Change> changes, Instant now) {
    if (changes.isEmpty()) {
      return;
    }
    for (Change c : changes) {
      Run after = c.after();
      if (after.state() != RunState.RUNNING
          || after.reasonKind() != ReasonKind.LAUNCHING
          || !now.equals(after.updatedAt())
          || c.before().state() == RunState.RUNNING) {
        throw new IllegalArgumentException("not a start at " + now + ": " + c);
      }
    }
    Long[] ids = changes.stream().map(c -> c.after().id()).toArray(Long[]::new);
    String[] reasons = changes.stream().map(c -> c.after().reason()).toArray(String[]::new);
    String[] details =
        changes.stream().map(c -> Json.write(c.after().why().details())).toArray(String[]::new);
    Integer[] attempts = changes.stream().map(c -> c.after().attempts()).toArray(Integer[]::new);
    handle
        .createUpdate(
            "update run r set state = 'running', reason = u.reason, reason_kind = 'launching', "
                + "reason_details = cast(u.details as jsonb), job_version = u.version, "
                + "attempts = u.attempts, retry_at = null, updated_at = :now, "
                + "started_at = coalesce(r.started_at, :now), ended_at = null "
                + "from unnest(cast(:ids as bigint[]), cast(:reasons as text[]), "
                + "cast(:details as text[]), cast(:versions as integer[]), "
                + "cast(:attempts as integer[])) "
                + "as u(id, reason, details, version, attempts) where r.id = u.id")
        .bind("now", now)
        .bind("ids", ids)
        .bind("reasons", reasons)
        .bind("details", details)
        .bind("versions", changes.stream().map(c -> c.after().jobVersion()).toArray(Integer[]::new))
        .bind("attempts", attempts)
        .execute();
    var timeline = new TimelineWrites();
    changes.forEach(
        c -> timeline.add(c.after().id(), now, RunState.RUNNING, c.after().why(), c.attempt()));
    timeline.insert(handle);
  }

  /** Instants as text for a {@code timestamptz[]} parameter (null stays null). */
  static <T> String[] texts(List<T> rows, java.util.function.Function<T, Instant> field) {
    return rows.stream()
        .map(field)
        .map(i -> i == null ? null : i.toString())
        .toArray(String[]::new);
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

  static Run map(ResultSet rs) throws SQLException {
    return new Run(
        rs.getLong("id"),
        rs.getString("job"),
        instant(rs.getObject("logical_time", OffsetDateTime.class)),
        rs.getInt("job_version"),
        RunState.fromWire(rs.getString("state")),
        reason(rs),
        RunCause.fromWire(rs.getString("cause")),
        Json.read(rs.getString("params"), PARAMS),
        rs.getInt("failures"),
        rs.getInt("attempts"),
        instant(rs.getObject("retry_at", OffsetDateTime.class)),
        instant(rs.getObject("created_at", OffsetDateTime.class)),
        instant(rs.getObject("updated_at", OffsetDateTime.class)),
        instant(rs.getObject("started_at", OffsetDateTime.class)),
        instant(rs.getObject("ended_at", OffsetDateTime.class)));
  }

  /**
   * The row's reason: its kind and details; one recorded before reasons had details (null) keeps
   * its stored sentence.
   */
  static Reason reason(ResultSet rs) throws SQLException {
    ReasonKind kind = ReasonKind.fromWire(rs.getString("reason_kind"));
    String details = rs.getString("reason_details");
    return details == null
        ? Reason.legacy(kind, rs.getString("reason"))
        : new Reason(kind, Json.read(details, PARAMS));
  }

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  private static String sqlList(java.util.function.Predicate<RunState> which) {
    return java.util.Arrays.stream(RunState.values())
        .filter(which)
        .map(s -> "'" + s.wireName() + "'")
        .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }
}
