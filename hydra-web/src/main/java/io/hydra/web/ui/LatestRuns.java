package io.hydra.web.ui;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The newest run of every job in one query (by the unique (job, logical_time) index, scanned
 * backwards), for the job list and the graph: a query per job would be a thousand round trips with
 * a thousand jobs.
 */
final class LatestRuns {

  /** The newest run (by logical time) of one job. */
  record Latest(long runId, String state, Instant logicalTime) {}

  private final Jdbi jdbi;

  LatestRuns(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Map<String, Latest> byJob() {
    Map<String, Latest> out = new HashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "select j.name, r.id, r.state, r.logical_time from job j"
                        + " cross join lateral (select id, state, logical_time from run"
                        + " where run.job = j.name order by logical_time desc limit 1) r")
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getString(1),
                            new Latest(
                                rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant())))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }
}
