package io.hydra.web.api;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.ha.Leadership;
import io.hydra.scheduler.engine.BackfillService;
import io.hydra.scheduler.engine.JobApply;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.Database;
import io.hydra.store.json.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/** The REST API under {@code /api/v1}: JSON in and out, one error shape everywhere. */
public final class Api {

  /** Larger bodies are refused with 413 before they are read. */
  static final long MAX_BODY_BYTES = 1_000_000;

  private Api() {}

  public static Javalin create(JobService jobs, RunService runs, BackfillService backfills,
      Database database, Clock clock, Leadership leadership) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Json.json(), false));
              config.http.maxRequestSize = MAX_BODY_BYTES;
              config.router.ignoreTrailingSlashes = true;
            });
    new JobRoutes(jobs).register(app);
    new ApplyRoutes(new JobApply(jobs)).register(app);
    new RunRoutes(runs).register(app);
    new HealthRoutes(database, leadership).register(app);
    new ScheduleRoutes(clock::now).register(app);
    new BackfillRoutes(backfills).register(app);
    ApiErrors.register(app);
    return app;
  }
}
