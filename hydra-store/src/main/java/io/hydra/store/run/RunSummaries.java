package io.hydra.store.run;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Runs summed up across all jobs, each in one query: for metrics, the job list and the graph. */
public final class RunSummaries {

  /** The newest run (by logical time) of one job. */
  public record Latest(long runId, String state, Instant logicalTime) {}

  private final Handle handle;

  public RunSummaries(Handle handle) {
    this.handle = handle;
  }

  /** How many runs there are in each state (states without runs are absent). */
  public Map<String, Long> countsByState() {
    Map<String, Long> counts = new HashMap<>();
    handle
        .createQuery("select state, count(*) as n from run group by state")
        .map((rs, ctx) -> counts.put(rs.getString("state"), rs.getLong("n")))
        .list();
    return counts;
  }

  /**
   * The newest run of every job that has one, by the unique (job, logical_time) index scanned
   * backwards: a query per job would be a thousand round trips with a thousand jobs.
   */
  public Map<String, Latest> latestByJob() {
    Map<String, Latest> out = new HashMap<>();
    handle
        .createQuery(
            "select j.name, r.id, r.state, r.logical_time from job j"
                + " cross join lateral (select id, state, logical_time from run"
                + " where run.job = j.name order by logical_time desc limit 1) r")
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString(1),
                    new Latest(rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant())))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
