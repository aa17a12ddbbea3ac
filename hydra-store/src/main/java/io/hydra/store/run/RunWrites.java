package io.hydra.store.run;

import static io.hydra.store.run.RunRows.map;
import static io.hydra.store.run.RunRows.texts;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.store.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The writes of the {@code run} table and its timeline ({@code run_event}): creating runs and
 * changing them. Only the engine's one transition applier ({@code RunTransitions} in
 * hydra-scheduler) calls these, so that every path that changes a run has the same effects; {@code
 * RunWritesTest} (hydra-web) fails the build on any other caller but the benchmark, which seeds
 * runs before its engines start.
 */
public final class RunWrites {

  private final Handle handle;

  public RunWrites(Handle handle) {
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
                    + "created_at, updated_at, ended_at, priority, owner) values (:job, :t, "
                    + ":version, :state, :reason, :kind, cast(:details as jsonb), :cause, "
                    + "cast(:params as jsonb), :backfill, :deadline, :now, :now, :ended, "
                    + jobTerms(":priority", ":owner", ":job")
                    + ") "
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
            .bind("priority", run.priority())
            .bind("owner", run.owner())
            .map((rs, ctx) -> map(rs))
            .findOne();
    created.ifPresent(
        r -> new TimelineWrites().add(r.id(), now, r.state(), r.why(), null).insert(handle));
    return created;
  }

  /**
   * The run's priority and owner columns: as given, else read from the job's row (for runs written
   * without their job's terms; COALESCE evaluates a subquery only when it reaches it), else 0 and
   * no owner.
   */
  private static String jobTerms(String priority, String owner, String job) {
    return "coalesce("
        + priority
        + ", (select (spec->>'priority')::integer from job where name = "
        + job
        + "), 0), coalesce("
        + owner
        + ", (select spec->>'owner' from job where name = "
        + job
        + "), '')";
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
                    + "created_at, updated_at, ended_at, attempts, started_at, priority, owner) "
                    + "select u.job, u.t, u.version, u.state, u.reason, u.kind, "
                    + "cast(u.details as jsonb), u.cause, "
                    + "cast(u.params as jsonb), u.backfill, u.deadline, :now, :now, "
                    + "case when u.ended then cast(:now as timestamptz) end, "
                    + ":attempts, case when :started then cast(:now as timestamptz) end, "
                    + jobTerms("u.priority", "u.owner", "u.job")
                    + " "
                    + "from unnest(cast(:jobs as text[]), cast(:times as timestamptz[]), "
                    + "cast(:versions as integer[]), cast(:states as text[]), "
                    + "cast(:reasons as text[]), cast(:kinds as text[]), "
                    + "cast(:details as text[]), cast(:causes as text[]), "
                    + "cast(:params as text[]), cast(:backfills as bigint[]), "
                    + "cast(:deadlines as timestamptz[]), cast(:ended as boolean[]), "
                    + "cast(:priorities as integer[]), cast(:owners as text[])) "
                    + "as u(job, t, version, state, reason, kind, details, cause, params, "
                    + "backfill, deadline, ended, priority, owner) "
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
            .bind("priorities", runs.stream().map(NewRun::priority).toArray(Integer[]::new))
            .bind("owners", runs.stream().map(NewRun::owner).toArray(String[]::new))
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
    Map<Long, Run> last = new LinkedHashMap<>();
    changes.forEach(c -> last.put(c.after().id(), c.after()));
    List<Run> runs = List.copyOf(last.values());
    handle
        .createUpdate(
            "update run r set state = u.state, reason = u.reason, reason_kind = u.kind, "
                + "reason_details = cast(u.details as jsonb), "
                + "params = cast(u.params as jsonb), job_version = u.version, "
                + "failures = u.failures, attempts = u.attempts, retry_at = u.retry_at, "
                + "updated_at = u.updated_at, started_at = u.started_at, ended_at = u.ended_at, "
                + "held_by = u.held_by, held_at = u.held_at "
                + "from unnest(cast(:ids as bigint[]), cast(:states as text[]), "
                + "cast(:reasons as text[]), cast(:kinds as text[]), cast(:details as text[]), "
                + "cast(:params as text[]), "
                + "cast(:versions as integer[]), cast(:failures as integer[]), "
                + "cast(:attempts as integer[]), cast(:retryAt as timestamptz[]), "
                + "cast(:updatedAt as timestamptz[]), cast(:startedAt as timestamptz[]), "
                + "cast(:endedAt as timestamptz[]), cast(:heldBy as text[]), "
                + "cast(:heldAt as timestamptz[])) as u(id, state, reason, kind, details, "
                + "params, version, failures, attempts, retry_at, updated_at, started_at, "
                + "ended_at, held_by, held_at) "
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
        .bind(
            "heldBy",
            runs.stream().map(r -> r.hold() == null ? null : r.hold().by()).toArray(String[]::new))
        .bind("heldAt", texts(runs, r -> r.hold() == null ? null : r.hold().at()))
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
}
