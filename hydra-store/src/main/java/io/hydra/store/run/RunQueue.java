package io.hydra.store.run;

import static io.hydra.store.run.RunRows.ACTIVE;
import static io.hydra.store.run.RunRows.UNFINISHED;
import static io.hydra.store.run.RunRows.instant;
import static io.hydra.store.run.RunRows.map;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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

  /** Which of these jobs have a run queued, running or retrying ({@link #hasActive} for many). */
  public Set<String> withActive(Collection<String> jobs) {
    Set<String> out = new HashSet<>();
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
