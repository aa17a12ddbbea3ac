package io.hydra.web.api;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.BackfillService;
import io.hydra.scheduler.engine.CalendarService;
import io.hydra.scheduler.engine.JobApply;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.ha.Leadership;
import io.hydra.store.Store;
import io.hydra.store.json.Json;
import io.hydra.web.audit.AuditLog;
import io.hydra.web.audit.AuditRecorder;
import io.hydra.web.audit.AuditRoutes;
import io.hydra.web.auth.AuthFilter;
import io.hydra.web.auth.JobScope;
import io.hydra.web.auth.RateLimiter;
import io.hydra.web.auth.TokenRoutes;
import io.hydra.web.auth.Tokens;
import io.hydra.web.events.EventRoutes;
import io.hydra.web.events.RunChanges;
import io.hydra.web.idempotency.IdempotencyFilter;
import io.hydra.web.metrics.HttpMetrics;
import io.hydra.web.metrics.HydraMetrics;
import io.hydra.web.notify.NotificationRoutes;
import io.hydra.web.ui.Ui;
import io.hydra.web.ui.UiStatic;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.core.instrument.Gauge;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The REST API under {@code /api/v1}: JSON in and out, one error shape everywhere. */
public final class Api {

  /** How callers are checked: tokens or not, and how fast each may send requests. */
  public record Security(boolean tokensRequired, RateLimiter limiter) {

    /** No tokens and no rate limit: the API as it was before auth. */
    public static Security open() {
      return new Security(false, new RateLimiter(0, 1));
    }
  }

  private Api() {}

  /** Every endpoint as "METHOD path", e.g. "POST /api/v1/jobs/{name}/runs"; not the UI's. */
  public static List<String> routes(Javalin app) {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .map(ParsedEndpoint::getEndpoint)
        .filter(e -> e.getMethod().isHttpMethod())
        .filter(e -> !Ui.owns(e.getPath()))
        .map(e -> e.getMethod() + " " + e.getPath())
        .toList();
  }

  public static Javalin create(
      JobService jobs,
      RunService runs,
      BackfillService backfills,
      Store store,
      Clock clock,
      Leadership leadership,
      RunChanges changes,
      HydraMetrics metrics) {
    return create(
        jobs, runs, backfills, store, clock, leadership, changes, metrics, Security.open());
  }

  public static Javalin create(
      JobService jobs,
      RunService runs,
      BackfillService backfills,
      Store store,
      Clock clock,
      Leadership leadership,
      RunChanges changes,
      HydraMetrics metrics,
      Security security) {
    FairAdmission admission = new FairAdmission(FairAdmission.atOnce());
    Gauge.builder("hydra.http.requests.waiting", admission, FairAdmission::waiting)
        .description("Requests waiting for their turn to be worked on")
        .register(metrics.registry());
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(Json.json(), false));
              // The largest any route takes; BodyLimit holds every other route to 1 MB.
              config.http.maxRequestSize = BodyLimit.APPLY_BYTES;
              config.router.ignoreTrailingSlashes = true;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
              config.jetty.threadPool = requestThreads();
              config.jetty.modifyServletContextHandler(
                  handler ->
                      handler.addFilter(
                          new FilterHolder(admission), "/*", EnumSet.of(DispatcherType.REQUEST)));
              UiStatic.configure(config);
            });
    Tokens tokens = new Tokens(store);
    JobScope scope = new JobScope(jobs, runs, backfills);
    AuditRecorder audit =
        new AuditRecorder(new AuditLog(store), scope, jobs, runs, backfills, tokens);
    IdempotencyFilter idempotency = new IdempotencyFilter(store);
    HttpMetrics http = new HttpMetrics(metrics.registry());
    app.before(http::before);
    app.before(BodyLimit::checkDeclared);
    app.beforeMatched(http::matched);
    // Order matters: who is calling, then what the subject looks like before the change, then
    // whether this is a repeat of an earlier request.
    app.beforeMatched(new AuthFilter(tokens, security.tokensRequired(), security.limiter(), scope));
    app.beforeMatched(InputGuard::check);
    app.beforeMatched(audit::before);
    app.beforeMatched(idempotency::before);
    new JobRoutes(jobs).register(app);
    new ApplyRoutes(new JobApply(jobs)).register(app);
    new CalendarRoutes(new CalendarService(jobs)).register(app);
    new RunRoutes(runs, changes).register(app);
    new AttentionRoutes(runs).register(app);
    new EventRoutes(changes, scope).register(app);
    new HealthRoutes(store, leadership).register(app);
    new ScheduleRoutes(clock::now, jobs::calendars).register(app);
    new BackfillRoutes(backfills).register(app);
    new TokenRoutes(tokens).register(app);
    new DocsRoutes().register(app);
    new NotificationRoutes(store).register(app);
    new AuditRoutes(new AuditLog(store), scope).register(app);
    new Ui(jobs, runs, backfills, store, clock, tokens, security.tokensRequired()).register(app);
    app.afterMatched(idempotency::after);
    app.afterMatched(audit::after);
    app.after(http::after);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.registry().scrape()));
    ApiErrors.register(app);
    return app;
  }

  /**
   * Jetty's threads: enough that every waiting client's request reaches {@link FairAdmission},
   * which decides the order they work in. Waiting requests (long polls, event streams) hold none.
   */
  private static QueuedThreadPool requestThreads() {
    var pool = new QueuedThreadPool(REQUEST_THREADS, 8);
    pool.setName("hydra-http");
    return pool;
  }

  private static final int REQUEST_THREADS = 200;
}
