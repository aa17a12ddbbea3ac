package io.hydra.store.run;

import static io.hydra.store.run.RunRows.map;

import io.hydra.core.run.RunState;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The runs on either side of a dependency: those of several jobs at one logical time, and those of
 * a job within a freshness window. The engine's {@code Downstream} decides dependent runs with
 * them; {@code RunService} explains a run's wait ({@code why}) and finds the downstream runs a
 * re-run resets.
 */
public final class DependencyRuns {

  private final Handle handle;

  public DependencyRuns(Handle handle) {
    this.handle = handle;
  }

  /** The runs of several jobs at one logical time (the upstreams of a dependent run). */
  public Map<String, RunState> statesAt(Collection<String> jobs, Instant logicalTime) {
    if (jobs.isEmpty()) {
      return Map.of();
    }
    return handle
        .createQuery("select job, state from run where logical_time = :t and job in (<jobs>)")
        .bind("t", logicalTime)
        .bindList("jobs", List.copyOf(jobs))
        .reduceResultSet(
            new HashMap<String, RunState>(),
            (acc, rs, ctx) -> {
              acc.put(rs.getString("job"), RunState.fromWire(rs.getString("state")));
              return acc;
            });
  }

  /** Runs of several jobs at one logical time, unlocked (for reading). */
  public List<Run> find(Collection<String> jobs, Instant logicalTime) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery("select * from run where logical_time = :t and job in (<jobs>)")
        .bind("t", logicalTime)
        .bindList("jobs", List.copyOf(jobs))
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** The runs of several jobs at one logical time, locked in job order, by job. */
  public Map<String, Run> atForUpdate(Collection<String> jobs, Instant logicalTime) {
    Map<String, Run> out = new HashMap<>();
    if (jobs.isEmpty()) {
      return out;
    }
    handle
        .createQuery(
            "select * from run where logical_time = :t and job = any(:jobs) "
                + "order by job for update")
        .bind("t", logicalTime)
        .bind("jobs", jobs.toArray(new String[0]))
        .map((rs, ctx) -> map(rs))
        .forEach(r -> out.put(r.job(), r));
    return out;
  }

  /** Runs of several jobs at one logical time, locked (a re-run resets them). */
  public List<Run> at(Collection<String> jobs, Instant logicalTime) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery("select * from run where logical_time = :t and job in (<jobs>) for update")
        .bind("t", logicalTime)
        .bindList("jobs", List.copyOf(jobs))
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Waiting runs of a job with a logical time in [from, to], locked. */
  public List<Run> waitingBetween(String job, Instant from, Instant to) {
    return handle
        .createQuery(
            "select * from run where job = :job and state = 'waiting' "
                + "and logical_time between :from and :to order by logical_time for update")
        .bind("job", job)
        .bind("from", from)
        .bind("to", to)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Whether the job has a succeeded run with a logical time in [from, to]. */
  public boolean succeededBetween(String job, Instant from, Instant to) {
    return handle
        .createQuery(
            "select exists (select 1 from run where job = :job and state = 'succeeded' "
                + "and logical_time between :from and :to)")
        .bind("job", job)
        .bind("from", from)
        .bind("to", to)
        .mapTo(Boolean.class)
        .one();
  }
}
