package io.hydra.store.run;

import io.hydra.core.run.Reason;
import io.hydra.core.run.RunState;
import io.hydra.store.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Timeline entries ({@code run_event}) collected by one of {@link RunWrites}' writes and inserted
 * with one {@code INSERT ... SELECT FROM unnest(...)}, whether they are one or a batch of
 * thousands.
 */
final class TimelineWrites {

  private final List<Long> runs = new ArrayList<>();
  private final List<String> ats = new ArrayList<>();
  private final List<String> states = new ArrayList<>();
  private final List<String> kinds = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private final List<String> details = new ArrayList<>();
  private final List<Integer> attempts = new ArrayList<>();

  /**
   * The last instant added and its text: the entries of one write mostly share one instant (a
   * batch's "now"), and each {@link Instant#toString} would otherwise be paid per run.
   */
  private Instant lastAt;

  private String lastAtText;

  TimelineWrites add(long run, Instant at, RunState state, Reason why, Integer attempt) {
    if (!at.equals(lastAt)) {
      lastAt = at;
      lastAtText = at.toString();
    }
    runs.add(run);
    ats.add(lastAtText);
    states.add(state.wireName());
    kinds.add(why.kind().wireName());
    reasons.add(why.text());
    details.add(Json.write(why.details()));
    attempts.add(attempt);
    return this;
  }

  void insert(Handle handle) {
    if (runs.isEmpty()) {
      return;
    }
    handle
        .createUpdate(
            "insert into run_event (run_id, at, state, reason_kind, reason, reason_details, "
                + "attempt) select u.run, u.at, u.state, u.kind, u.reason, "
                + "cast(u.details as jsonb), u.attempt "
                + "from unnest(cast(:runs as bigint[]), cast(:ats as timestamptz[]), "
                + "cast(:states as text[]), cast(:kinds as text[]), cast(:reasons as text[]), "
                + "cast(:details as text[]), cast(:attempts as integer[])) "
                + "as u(run, at, state, kind, reason, details, attempt)")
        .bind("runs", runs.toArray(Long[]::new))
        .bind("ats", ats.toArray(String[]::new))
        .bind("states", states.toArray(String[]::new))
        .bind("kinds", kinds.toArray(String[]::new))
        .bind("reasons", reasons.toArray(String[]::new))
        .bind("details", details.toArray(String[]::new))
        .bind("attempts", attempts.toArray(Integer[]::new))
        .execute();
  }
}
