package io.hydra.web.api;

import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.job.Jobs;
import io.hydra.store.job.StoredJob;
import io.hydra.store.json.JobSpecReader;
import io.hydra.web.api.JobListings.ListedJob;
import io.hydra.web.auth.Principal;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code /api/v1/jobs}: define, read, change and delete jobs. */
final class JobRoutes {

  private final JobService jobs;
  private final JobListings listings;
  private final JobListJson listJson = new JobListJson();

  JobRoutes(JobService jobs) {
    this.jobs = jobs;
    this.listings = new JobListings(jobs);
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

  private static final List<String> SORTS = List.of("name", "updatedAt", "createdAt");
  private static final int DEFAULT_LIMIT = 500;
  private static final int MAX_LIMIT = 1000;

  /**
   * Filters by owner, paused and a name substring ({@code q}); sorted by name unless asked
   * otherwise. Paged in the database by keyset (an index range scan per page, however many jobs
   * there are), names in byte order; a cursor resumes after its job even if that job was deleted
   * meanwhile.
   */
  private void list(Context ctx) {
    Principal principal = Principal.of(ctx);
    int limit = ListParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    ListParams.Sort sort = ListParams.sort(ctx, "name", SORTS);
    ListParams.Cursor cursor = ListParams.cursor(ctx, sort);
    String column =
        switch (sort.field()) {
          case "updatedAt" -> "updated_at";
          case "createdAt" -> "created_at";
          default -> "name";
        };
    Instant afterValue =
        cursor == null || column.equals("name") ? null : fromFixedWidth(cursor.value());
    List<ListedJob> found =
        listings.page(
            new Jobs.JobPage(
                column,
                sort.descending(),
                afterValue,
                cursor == null ? null : cursor.key(),
                principal.owners(),
                ListParams.text(ctx, "owner"),
                ListParams.text(ctx, "q"),
                paused(ctx),
                limit + 1));
    List<ListedJob> page = found.subList(0, Math.min(limit, found.size()));
    String next = null;
    if (found.size() > limit) {
      List<String> last = key(page.get(page.size() - 1), sort);
      next = ListParams.encode(sort, last.get(0), last.get(1));
    }
    ctx.contentType(ContentType.APPLICATION_JSON).result(listJson.write(page, next));
  }

  private static Instant fromFixedWidth(String value) {
    try {
      return Instant.ofEpochSecond(
          Long.parseLong(value.substring(0, 19)), Long.parseLong(value.substring(19)));
    } catch (RuntimeException e) {
      throw ValidationException.of("cursor", "is not a cursor of this list");
    }
  }

  /** Sort value then name; instants fixed-width so text order is time order. */
  private static List<String> key(ListedJob job, ListParams.Sort sort) {
    String value =
        switch (sort.field()) {
          case "updatedAt" -> fixedWidth(job.listing().updatedAt());
          case "createdAt" -> fixedWidth(job.listing().createdAt());
          default -> "";
        };
    return List.of(value, job.name());
  }

  private static String fixedWidth(Instant at) {
    return String.format("%019d%09d", at.getEpochSecond(), at.getNano());
  }

  private static Boolean paused(Context ctx) {
    String value = ListParams.text(ctx, "paused");
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ValidationException.of("paused", "must be true or false, not '" + value + "'");
    };
  }

  /** The token's name: the author of every version it makes. */
  private static String author(Context ctx) {
    return Principal.of(ctx).name();
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
    return jobs.get(name)
        .orElseThrow(() -> new NotFoundException("job '" + name + "' does not exist"));
  }

  /** JSON by default; YAML when the client says so, so a job file can be posted as it is. */
  private static JobSpec spec(Context ctx) {
    String type = ctx.contentType() == null ? "" : ctx.contentType();
    return type.contains("yaml")
        ? JobSpecReader.fromYaml(ctx.body())
        : JobSpecReader.fromJson(ctx.body());
  }

  private Views.JobView view(StoredJob job) {
    return Views.JobView.of(job, jobs.nextFire(job.name()).orElse(null));
  }
}
