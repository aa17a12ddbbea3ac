package io.hydra.web.api;

import io.hydra.core.job.JobSpec;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.NotFoundException;
import io.hydra.store.job.StoredJob;
import io.hydra.store.json.JobSpecReader;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/** {@code /api/v1/jobs}: define, read, change and delete jobs. */
final class JobRoutes {

  private final JobService jobs;

  JobRoutes(JobService jobs) {
    this.jobs = jobs;
  }

  void register(Javalin app) {
    app.get("/api/v1/jobs", this::list);
    app.post("/api/v1/jobs", this::create);
    app.get("/api/v1/jobs/{name}", this::get);
    app.put("/api/v1/jobs/{name}", this::update);
    app.delete("/api/v1/jobs/{name}", this::delete);
    app.get("/api/v1/jobs/{name}/versions", this::versions);
    app.post("/api/v1/jobs/{name}/pause", ctx -> pause(ctx, true));
    app.post("/api/v1/jobs/{name}/resume", ctx -> pause(ctx, false));
  }

  private void list(Context ctx) {
    Principal principal = Principal.of(ctx);
    ctx.json(new Views.Page<>(jobs.list().stream()
        .filter(job -> principal.reaches(owner(job))).map(this::view).toList(), null));
  }

  /** The token's name: the author of every version it makes. */
  private static String author(Context ctx) {
    return Principal.of(ctx).name();
  }

  static String owner(StoredJob job) {
    return job.spec().owner() == null ? "" : job.spec().owner();
  }

  private void create(Context ctx) {
    StoredJob job = jobs.create(spec(ctx), author(ctx), ctx.header("X-Hydra-Source"));
    ctx.status(201).header("Location", "/api/v1/jobs/" + job.name()).json(view(job));
  }

  private void get(Context ctx) {
    ctx.json(view(find(ctx.pathParam("name"))));
  }

  private void update(Context ctx) {
    String name = ctx.pathParam("name");
    find(name);
    ctx.json(view(jobs.update(name, spec(ctx), author(ctx), ctx.header("X-Hydra-Source"))));
  }

  private void delete(Context ctx) {
    jobs.delete(ctx.pathParam("name"), author(ctx));
    ctx.status(204);
  }

  private void versions(Context ctx) {
    String name = ctx.pathParam("name");
    var versions = jobs.versions(name);
    if (versions.isEmpty()) {
      throw new NotFoundException("job '" + name + "' does not exist");
    }
    ctx.json(new Views.Page<>(versions.stream().map(Views.VersionView::of).toList(), null));
  }

  private void pause(Context ctx, boolean paused) {
    Bodies.object(ctx, Set.of());
    String name = ctx.pathParam("name");
    find(name);
    ctx.json(view(jobs.setPaused(name, paused, author(ctx))));
  }

  private StoredJob find(String name) {
    return jobs.get(name).orElseThrow(() -> new NotFoundException("job '" + name
        + "' does not exist"));
  }

  /** JSON by default; YAML when the client says so, so a job file can be posted as it is. */
  private static JobSpec spec(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType();
    return type.contains("yaml") ? JobSpecReader.fromYaml(ctx.body())
        : JobSpecReader.fromJson(ctx.body());
  }

  private Views.JobView view(StoredJob job) {
    return Views.JobView.of(job, jobs.nextFire(job.name()).orElse(null));
  }
}
