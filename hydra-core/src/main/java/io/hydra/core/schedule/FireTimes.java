package io.hydra.core.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fire times in order: one cron schedule's, or a job's schedules merged ({@link Timetable}). */
public interface FireTimes {

  /** The first fire strictly after {@code after}; empty if there is none. */
  Optional<Instant> nextAfter(Instant after);

  /** Fires in {@code (from, to]}, oldest first, at most {@code limit}. */
  default List<Instant> firesBetween(Instant fromExclusive, Instant toInclusive, int limit) {
    List<Instant> fires = new ArrayList<>();
    Instant cursor = fromExclusive;
    while (fires.size() < limit) {
      Optional<Instant> next = nextAfter(cursor);
      if (next.isEmpty() || next.get().isAfter(toInclusive)) {
        break;
      }
      fires.add(next.get());
      cursor = next.get();
    }
    return fires;
  }
}
