package io.hydra.store.run;

import static io.hydra.store.run.RunRows.ACTIVE;
import static io.hydra.store.run.RunRows.UNFINISHED;
import static io.hydra.store.run.RunRows.instant;
import static io.hydra.store.run.RunRows.map;

import io.hydra.core.queue.FairShare;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * What the engine reads to decide what runs next: the queue its dispatcher claims from, the other
 * runs of a job that a concurrency policy weighs against a new one, the fires a pause skipped
 * (which a resume may run), and the timers that fall due (retries, upstream deadlines). Used by the
 * scheduler's {@code Dispatcher}, {@code RunCreation}, {@code JobChanges}, {@code JobService} and
 * {@code Timers}.
 */
public final class RunQueue {

  private final Handle handle;

  public RunQueue(Handle handle) {
    this.handle = handle;
  }

  /**
   * Why a queued run of a job cannot start now, whatever capacity is free: its job is paused, or
   * under {@code concurrency: queue} or {@code replace} another run of the job is running or
   * retrying (and under {@code queue}, an older one is queued; under {@code replace}, a newer one,
   * which replaces the older ones when it starts). A scalar subquery per run, which the planner
   * cannot turn into a join, so a claim costs the runs it looks at, not the runs queued.
   */
  private static final String HELD_BACK_BY_JOB =
      "coalesce(("
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
          + "from job j where j.name = r.job), false)";

  /**
   * Queued runs that may start now, at most {@code limit}, locked and skipped by concurrent
   * dispatchers, in the order {@code share} gives: priority first, then a fair share of capacity
   * across owners, then the oldest. Runs that cannot start are left out, so they never crowd out
   * runs that can: held runs, and those {@link #HELD_BACK_BY_JOB}.
   *
   * <p>Each owner's queue is read in its order from {@code run_queued_fair}, the owners found by
   * skipping through that index, and at most {@code limit} runs are read per owner. Bitmap scans
   * are off for the statement: with the statistics of a table into which thousands of runs were
   * just queued (which autovacuum has not analysed yet) the planner took a bitmap scan of every
   * queued run, then sorted them all for the first 25.
   */
  public List<Run> claimDispatchable(int limit, FairShare share) {
    List<String> owners = ownersWithStartableRuns();
    List<Run> candidates = startable(owners, limit, true);
    if (owners.size() < 2) {
      return candidates; // one owner's queue is already in order
    }
    return share.order(candidates, Run::owner, Run::priority, runningByOwner(), limit);
  }

  /**
   * The first {@code perOwner} startable queued runs of every owner, in the order {@code share}
   * gives with {@code running} ({@link #runningByOwner}), without locking them: what a dispatch
   * would claim, for explaining a run's place.
   */
  public List<Run> startableInOrder(int perOwner, FairShare share, Map<String, Integer> running) {
    List<String> owners = ownersWithStartableRuns();
    List<Run> candidates = startable(owners, perOwner, false);
    return share.order(candidates, Run::owner, Run::priority, running, candidates.size());
  }

  /** Each owner's first {@code perOwner} startable queued runs, in its order. */
  private List<Run> startable(List<String> owners, int perOwner, boolean lock) {
    if (owners.isEmpty()) {
      return List.of();
    }
    if (lock) { // a claim runs in a transaction, where a local setting lasts for it
      handle.execute("set local enable_bitmapscan = off");
    }
    List<Run> runs =
        handle
            .createQuery(
                "select r.* from unnest(cast(:owners as text[])) as q(owner) "
                    + "cross join lateral (select r.* from run r where r.state = 'queued' "
                    + "and r.held_by is null and r.owner = q.owner and not "
                    + HELD_BACK_BY_JOB
                    + " order by r.priority desc, r.id limit :limit"
                    + (lock ? " for update of r skip locked" : "")
                    + ") r")
            .bind("owners", owners.toArray(new String[0]))
            .bind("limit", perOwner)
            .map((rs, ctx) -> map(rs))
            .list();
    if (lock) {
      handle.execute("set local enable_bitmapscan = on");
    }
    return runs;
  }

  /** The owners with a queued run that is not held, by a loose scan of {@code run_queued_fair}. */
  private List<String> ownersWithStartableRuns() {
    return handle
        .createQuery(
            "with recursive o(owner) as ("
                + "(select owner from run where state = 'queued' and held_by is null "
                + "order by owner limit 1) "
                + "union all "
                + "select (select r.owner from run r where r.state = 'queued' "
                + "and r.held_by is null and r.owner > o.owner order by r.owner limit 1) "
                + "from o where o.owner is not null) "
                + "select owner from o where owner is not null")
        .mapTo(String.class)
        .list();
  }

  /** How many runs each owner has running (the dispatcher's fair share counts them). */
  public Map<String, Integer> runningByOwner() {
    Map<String, Integer> out = new HashMap<>();
    handle
        .createQuery("select owner, count(*) from run where state = 'running' group by owner")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
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

  /**
   * Which of {@code :jobs} have a run queued, running or retrying: one probe of {@code
   * run_active_job} per job, a lateral subquery with a limit so that the planner cannot turn it
   * into a join. {@code job = any(:jobs)} let it scan the whole table whenever it judged that
   * cheaper, as it does for a batch of a few hundred jobs against a table of some thousands of
   * runs, so that each batch of a boundary's fires read every run: 16 ms a batch of 500 at 20,000
   * runs, about 2 s of PostgreSQL's time in a 20,000-job boundary, growing with the square of it.
   */
  static final String WITH_ACTIVE =
      "select j.job from unnest(cast(:jobs as text[])) as j(job) cross join lateral "
          + "(select 1 from run r where r.job = j.job and r.state in "
          + ACTIVE
          + " limit 1) a";

  /** Which of these jobs have a run queued, running or retrying ({@link #hasActive} for many). */
  public Set<String> withActive(Collection<String> jobs) {
    Set<String> out = new HashSet<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery(WITH_ACTIVE)
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

  /**
   * The earliest of the engine's timers: a retry's backoff, an active attempt's deadline (not yet
   * told to stop), a waiting run's upstream deadline, a pipeline retry's due time. One round trip
   * for all four.
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
                + "(select min(upstream_deadline) from run where state = 'waiting'), "
                + "(select min(due_at) from pipeline_retry where state = 'scheduled'))")
        .map((rs, ctx) -> instant(rs.getObject(1, OffsetDateTime.class)))
        .findOne()
        .filter(Objects::nonNull);
  }
}
