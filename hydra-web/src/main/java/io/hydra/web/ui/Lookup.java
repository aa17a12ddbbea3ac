package io.hydra.web.ui;

import io.hydra.core.error.ValidationException;
import io.hydra.core.validate.JobValidator;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.job.StoredJob;
import io.hydra.web.auth.Principal;
import io.javalin.http.Context;

/**
 * Finds the job or run a UI address names, as the API would: unknown is a 404 and a job outside an
 * owner-limited token's owners is a 403, so a page shows no more than the API gives.
 */
final class Lookup {

  private final JobService jobs;
  private final RunService runs;

  Lookup(JobService jobs, RunService runs) {
    this.jobs = jobs;
    this.runs = runs;
  }

  StoredJob job(Context ctx, String name) {
    if (name == null || !JobValidator.NAME.matcher(name).matches()) {
      throw new NotFoundException("job '" + name + "' does not exist");
    }
    StoredJob job =
        jobs.get(name)
            .orElseThrow(() -> new NotFoundException("job '" + name + "' does not exist"));
    reach(ctx, job.spec().owner());
    return job;
  }

  RunService.RunDetail run(Context ctx, long id) {
    RunService.RunDetail detail =
        runs.get(id).orElseThrow(() -> new NotFoundException("run " + id + " does not exist"));
    jobs.get(detail.run().job()).ifPresent(job -> reach(ctx, job.spec().owner()));
    return detail;
  }

  /** A positive id from the path; anything else is a 400 naming it, never a 500. */
  static long id(Context ctx, String param) {
    String value = ctx.pathParam(param);
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ValidationException.of(param, "must be a positive integer, not '" + value + "'");
  }

  private static void reach(Context ctx, String owner) {
    Principal.of(ctx).mustReach(owner == null ? "" : owner);
  }
}
