package io.hydra.store.job;

import org.jdbi.v3.core.Handle;

/**
 * A large made-up catalogue written in three set-based statements, for benchmarks of the job list:
 * creating a million jobs one by one through the API would take hours.
 */
public final class SyntheticJobs {

  private final Handle handle;

  public SyntheticJobs(Handle handle) {
    this.handle = handle;
  }

  /**
   * Writes jobs {@code job-0} to {@code job-(n-1)}: every tenth from {@code scheduledSpec}, the
   * others from {@code dependentSpec} with {@code upstreamMark} replaced by the name of the tenth
   * before them. Both specs are JSON naming their job {@code "job-x"}. Scheduled jobs are due at
   * two tomorrow.
   */
  public void insert(int n, String scheduledSpec, String dependentSpec, String upstreamMark) {
    handle
        .createUpdate(
            "insert into job (name, version, spec, paused, created_at, updated_at) "
                + "select 'job-' || i, 1, cast(replace(replace(case when i % 10 = 0 then :s "
                + "else :d end, '\"job-x\"', '\"job-' || i || '\"'), :up, "
                + "'job-' || (i - i % 10)) as jsonb), false, now(), now() "
                + "from generate_series(0, :n - 1) i")
        .bind("s", scheduledSpec)
        .bind("d", dependentSpec)
        .bind("up", upstreamMark)
        .bind("n", n)
        .execute();
    handle.execute(
        "insert into job_version (job, version, spec, change, author, source, "
            + "created_at) select name, 1, spec, 'created', 'bench', 'bench', now() from job");
    handle.execute(
        "insert into job_schedule (job, next_fire_at) select name, "
            + "date_trunc('day', now()) + interval '1 day 2 hours' from job "
            + "where jsonb_typeof(spec->'schedule') = 'object'");
  }
}
