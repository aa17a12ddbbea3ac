package io.hydra.store.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * What the pipeline view and the deadline watch read: the runs of several jobs at one logical time,
 * and how long each job's recent successful runs took.
 */
public final class PipelineRuns {

  private final Handle handle;

  public PipelineRuns(Handle handle) {
    this.handle = handle;
  }

  /** The runs of these jobs at logical time {@code t}, by job. */
  public Map<String, Run> at(Collection<String> jobs, Instant t) {
    Map<String, Run> out = new HashMap<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery("select * from run where job = any(:jobs) and logical_time = :t")
        .bind("jobs", jobs.toArray(new String[0]))
        .bind("t", t)
        .map((rs, ctx) -> RunRows.map(rs))
        .forEach(r -> out.put(r.job(), r));
    return out;
  }

  /**
   * The durations (first start to end) of each job's latest {@code n} successful runs, newest
   * first; a job that never succeeded is absent. One index scan per job, however long its history.
   */
  public Map<String, List<Duration>> recentSuccessDurations(Collection<String> jobs, int n) {
    Map<String, List<Duration>> out = new HashMap<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery(
            "select j.job, extract(epoch from (r.ended_at - r.started_at)) * 1000 as ms "
                + "from unnest(:jobs) as j(job) cross join lateral ("
                + "select started_at, ended_at from run where run.job = j.job "
                + "and state = 'succeeded' and started_at is not null and ended_at is not null "
                + "order by logical_time desc limit :n) r")
        .bind("jobs", jobs.toArray(new String[0]))
        .bind("n", n)
        .map((rs, ctx) -> Map.entry(rs.getString("job"), Duration.ofMillis(rs.getLong("ms"))))
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return out;
  }

  /** Unfinished runs of these jobs, oldest logical time first: the candidates for deadlines. */
  public List<Run> unfinishedOf(Collection<String> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery(
            "select * from run where job = any(:jobs) and state in "
                + RunRows.UNFINISHED
                + " order by logical_time, id")
        .bind("jobs", jobs.toArray(new String[0]))
        .map((rs, ctx) -> RunRows.map(rs))
        .list();
  }

  /** Runs of these jobs with a logical time at or after {@code since}, in any state. */
  public List<Run> since(Collection<String> jobs, Instant since) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery(
            "select * from run where job = any(:jobs) and logical_time >= :since "
                + "order by logical_time, id")
        .bind("jobs", jobs.toArray(new String[0]))
        .bind("since", since)
        .map((rs, ctx) -> RunRows.map(rs))
        .list();
  }
}
