package io.hydra.store.run;

import static io.hydra.store.run.RunRows.UNFINISHED;
import static io.hydra.store.run.RunRows.map;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The runs a backfill made: the engine's {@code Backfilling} counts them to keep the backfill's
 * parallelism and to see it end, and {@code BackfillService} reports its progress and cancels them.
 */
public final class BackfillRuns {

  private final Handle handle;

  public BackfillRuns(Handle handle) {
    this.handle = handle;
  }

  /** How many runs a backfill made, by state. */
  public Map<String, Integer> countByStateOfBackfill(long backfillId) {
    return handle
        .createQuery("select state, count(*) from run where backfill_id = :id group by state")
        .bind("id", backfillId)
        .reduceResultSet(
            new TreeMap<String, Integer>(),
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
}
