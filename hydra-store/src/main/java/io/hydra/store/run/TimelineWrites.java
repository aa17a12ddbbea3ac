package io.hydra.store.run;

import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Timeline entries ({@code run_event}) collected by one of {@link Runs}' writes and inserted with
 * one {@code INSERT ... SELECT FROM unnest(...)}, whether they are one or a batch of thousands.
 */
final class TimelineWrites {

  private final List<Long> runs = new ArrayList<>();
  private final List<String> ats = new ArrayList<>();
  private final List<String> states = new ArrayList<>();
  private final List<String> kinds = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private final List<Integer> attempts = new ArrayList<>();

  /**
   * The last instant added and its text: the entries of one write mostly share one instant (a
   * batch's "now"), and each {@link Instant#toString} would otherwise be paid per run.
   */
  private Instant lastAt;

  private String lastAtText;

  TimelineWrites add(
      long run, Instant at, RunState state, ReasonKind kind, String reason, Integer attempt) {
    if (!at.equals(lastAt)) {
      lastAt = at;
      lastAtText = at.toString();
    }
    runs.add(run);
    ats.add(lastAtText);
    states.add(state.wireName());
    kinds.add(kind.wireName());
    reasons.add(reason);
    attempts.add(attempt);
    return this;
  }

  void insert(Handle handle) {
    if (runs.isEmpty()) {
      return;
    }
    handle
        .createUpdate(
            "insert into run_event (run_id, at, state, reason_kind, reason, attempt) "
                + "select * from unnest(cast(:runs as bigint[]), cast(:ats as timestamptz[]), "
                + "cast(:states as text[]), cast(:kinds as text[]), cast(:reasons as text[]), "
                + "cast(:attempts as integer[]))")
        .bind("runs", runs.toArray(Long[]::new))
        .bind("ats", ats.toArray(String[]::new))
        .bind("states", states.toArray(String[]::new))
        .bind("kinds", kinds.toArray(String[]::new))
        .bind("reasons", reasons.toArray(String[]::new))
        .bind("attempts", attempts.toArray(Integer[]::new))
        .execute();
  }
}
