package io.hydra.store.run;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** {@code run_event} read in id order, for those following run changes as they commit. */
public final class RunEventFeed {

  private final Handle handle;

  public RunEventFeed(Handle handle) {
    this.handle = handle;
  }

  /** The id of the newest event, 0 when there is none: where a new follower starts. */
  public long lastId() {
    return handle.createQuery("select coalesce(max(id), 0) from run_event").mapTo(Long.class).one();
  }

  /**
   * Events with an id above {@code after} or among {@code gaps} (ids skipped earlier, whose
   * transactions may commit late), oldest first, at most {@code limit}.
   */
  public List<CommittedEvent> after(long after, Collection<Long> gaps, int limit) {
    return handle
        .createQuery(
            "select e.id, e.run_id, r.job, e.state, e.reason_kind, e.reason, e.at, e.attempt, "
                + "r.cause, r.logical_time from run_event e join run r on r.id = e.run_id "
                + "where e.id > :last or e.id = any(:gaps) order by e.id limit :limit")
        .bind("last", after)
        .bind("gaps", gaps.toArray(new Long[0]))
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new CommittedEvent(
                    rs.getLong("id"),
                    rs.getLong("run_id"),
                    rs.getString("job"),
                    rs.getString("state"),
                    rs.getString("reason_kind"),
                    rs.getString("reason"),
                    rs.getTimestamp("at").toInstant(),
                    (Integer) rs.getObject("attempt"),
                    rs.getString("cause"),
                    rs.getTimestamp("logical_time").toInstant()))
        .list();
  }
}
