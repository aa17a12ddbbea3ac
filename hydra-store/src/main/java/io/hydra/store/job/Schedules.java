package io.hydra.store.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** The persisted due-time index: the next logical time each scheduled job fires at. */
public final class Schedules {

  private final Handle handle;

  public Schedules(Handle handle) {
    this.handle = handle;
  }

  /** One job's next fire. */
  public record Due(String job, Instant nextFireAt) {}

  public List<Due> all() {
    return handle
        .createQuery("select job, next_fire_at from job_schedule")
        .map(
            (rs, ctx) ->
                new Due(
                    rs.getString("job"),
                    instant(rs.getObject("next_fire_at", OffsetDateTime.class))))
        .list();
  }

  public Optional<Instant> nextFire(String job) {
    return handle
        .createQuery("select next_fire_at from job_schedule where job = :job")
        .bind("job", job)
        .map((rs, ctx) -> instant(rs.getObject(1, OffsetDateTime.class)))
        .findOne();
  }

  /** The next fire of each of these jobs that has a schedule. */
  public Map<String, Instant> nextFires(Collection<String> jobs) {
    Map<String, Instant> out = new HashMap<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery("select job, next_fire_at from job_schedule where job = any(:jobs)")
        .bind("jobs", jobs.toArray(new String[0]))
        .map(
            (rs, ctx) -> Map.entry(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class))))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  public void put(String job, Instant nextFireAt) {
    handle
        .createUpdate(
            "insert into job_schedule (job, next_fire_at) values (:job, :at) "
                + "on conflict (job) do update set next_fire_at = excluded.next_fire_at")
        .bind("job", job)
        .bind("at", nextFireAt)
        .execute();
  }

  public void remove(String job) {
    handle.createUpdate("delete from job_schedule where job = :job").bind("job", job).execute();
  }

  /**
   * Moves a job's next fire from {@code expected} to {@code next} (or removes it when next is
   * null). Returns false when the row no longer holds {@code expected}: someone else fired it.
   */
  public boolean advance(String job, Instant expected, Instant next) {
    if (next == null) {
      return handle
              .createUpdate(
                  "delete from job_schedule where job = :job and next_fire_at = :expected")
              .bind("job", job)
              .bind("expected", expected)
              .execute()
          == 1;
    }
    return handle
            .createUpdate(
                "update job_schedule set next_fire_at = :next "
                    + "where job = :job and next_fire_at = :expected")
            .bind("job", job)
            .bind("expected", expected)
            .bind("next", next)
            .execute()
        == 1;
  }

  /** One job's expected next fire and the one to move it to (null: remove the job's row). */
  public record Advance(String job, Instant expected, Instant next) {}

  /**
   * {@link #advance} for several jobs: one statement for all that move on, a delete for each that
   * has no next fire. Returns the jobs whose row still held the expected fire.
   */
  public Set<String> advanceAll(List<Advance> advances) {
    Set<String> won = new HashSet<>();
    List<Advance> moves = new ArrayList<>();
    for (Advance a : advances) {
      if (a.next() == null) {
        if (advance(a.job(), a.expected(), null)) {
          won.add(a.job());
        }
      } else {
        moves.add(a);
      }
    }
    if (moves.isEmpty()) {
      return won;
    }
    handle
        .createQuery(
            "update job_schedule s set next_fire_at = u.next "
                + "from unnest(cast(:jobs as text[]), cast(:expected as timestamptz[]), "
                + "cast(:next as timestamptz[])) as u(job, expected, next) "
                + "where s.job = u.job and s.next_fire_at = u.expected returning s.job")
        .bind("jobs", moves.stream().map(Advance::job).toArray(String[]::new))
        .bind("expected", moves.stream().map(a -> a.expected().toString()).toArray(String[]::new))
        .bind("next", moves.stream().map(a -> a.next().toString()).toArray(String[]::new))
        .mapTo(String.class)
        .forEach(won::add);
    return won;
  }

  private static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
