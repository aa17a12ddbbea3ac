package io.hydra.web.auth;

import io.hydra.scheduler.engine.BackfillService;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.job.StoredJob;
import io.hydra.store.json.JobSpecReader;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which job a request is about, found from its path (a job name, a run id, a backfill id) or, for a
 * new job definition, from its body. Unknown ids give no job: the route answers 404 itself.
 */
public final class JobScope {

  private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  private final JobService jobs;
  private final RunService runs;
  private final BackfillService backfills;

  public JobScope(JobService jobs, RunService runs, BackfillService backfills) {
    this.jobs = jobs;
    this.runs = runs;
    this.backfills = backfills;
  }

  /** The job a request's path names, if any and if it exists. */
  public Optional<String> job(Context ctx) {
    String path = ctx.endpointHandlerPath();
    if (path.startsWith("/api/v1/jobs/{name}")) {
      String name = ctx.pathParam("name");
      return JOB_NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
    if (path.startsWith("/api/v1/runs/{id}")) {
      return id(ctx).flatMap(runs::get).map(detail -> detail.run().job());
    }
    if (path.startsWith("/api/v1/backfills/{id}")) {
      try {
        return id(ctx).map(id -> backfills.get(id).backfill().job());
      } catch (NotFoundException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The owners whose jobs a request touches: the job's now, and a job body's after. */
  List<String> owners(Context ctx) {
    List<String> owners = new ArrayList<>();
    job(ctx).flatMap(jobs::get).map(JobScope::owner).ifPresent(owners::add);
    boolean definesJob =
        ctx.endpointHandlerPath().equals("/api/v1/jobs")
            || ctx.endpointHandlerPath().equals("/api/v1/jobs/{name}");
    if (definesJob && !ctx.method().name().equals("GET") && !ctx.body().isBlank()) {
      bodyOwner(ctx).ifPresent(owners::add);
    }
    return owners;
  }

  public Optional<String> ownerOf(String job) {
    return jobs.get(job).map(JobScope::owner);
  }

  private static String owner(StoredJob job) {
    return job.spec().owner() == null ? "" : job.spec().owner();
  }

  /** A body the route will reject anyway says nothing about owners. */
  private static Optional<String> bodyOwner(Context ctx) {
    try {
      String type = ctx.contentType() == null ? "" : ctx.contentType();
      var spec =
          type.contains("yaml")
              ? JobSpecReader.fromYaml(ctx.body())
              : JobSpecReader.fromJson(ctx.body());
      return Optional.of(spec.owner() == null ? "" : spec.owner());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> id(Context ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("id"));
      return id > 0 ? Optional.of(id) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
