package io.hydra.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.ValidationException;
import io.hydra.scheduler.engine.BackfillService;
import io.hydra.store.backfill.Backfill;
import io.hydra.web.auth.Principal;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Backfills: start one for a job's fire times in a range, watch it, cancel it. */
final class BackfillRoutes {

  private final BackfillService backfills;

  BackfillRoutes(BackfillService backfills) {
    this.backfills = backfills;
  }

  void register(Javalin app) {
    app.post("/api/v1/jobs/{name}/backfill", this::start);
    app.get("/api/v1/backfills/{id}", ctx -> ctx.json(view(backfills.get(id(ctx)))));
    app.post("/api/v1/backfills/{id}/cancel", this::cancel);
  }

  /** A backfill and its progress: runs by state, and fire times still to create. */
  record BackfillView(
      long id,
      String job,
      Instant from,
      Instant to,
      int parallelism,
      String state,
      int total,
      int existing,
      int created,
      int remaining,
      Map<String, Integer> runs,
      Map<String, String> params,
      Integer priority,
      String createdBy,
      Instant createdAt,
      Instant endedAt) {}

  private void start(Context ctx) {
    ObjectNode body = Bodies.object(ctx, Set.of("from", "to", "parallelism", "params", "priority"));
    Map<String, String> params = Bodies.params(body, "params");
    Backfill started =
        backfills.start(
            ctx.pathParam("name"),
            required(body, "from"),
            required(body, "to"),
            parallelism(body),
            params == null ? Map.of() : params,
            Bodies.integer(body, "priority"),
            Principal.of(ctx).name());
    ctx.status(201)
        .header("Location", "/api/v1/backfills/" + started.id())
        .json(view(backfills.get(started.id())));
  }

  private void cancel(Context ctx) {
    Bodies.object(ctx, Set.of());
    ctx.json(view(backfills.cancel(id(ctx), Principal.of(ctx).name())));
  }

  private static Instant required(ObjectNode body, String field) {
    Instant value = Bodies.instant(body, field);
    if (value == null) {
      throw ValidationException.of(field, "is required (an ISO-8601 instant)");
    }
    return value;
  }

  private static int parallelism(ObjectNode body) {
    JsonNode value = body.get("parallelism");
    if (value == null || value.isNull()) {
      return 1;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw ValidationException.of("parallelism", "expected an integer");
    }
    return value.asInt();
  }

  private static long id(Context ctx) {
    return Bodies.positivePathParam(ctx, "id", Long.MAX_VALUE);
  }

  private static BackfillView view(BackfillService.Progress p) {
    Backfill b = p.backfill();
    int created = p.runs().values().stream().mapToInt(Integer::intValue).sum();
    return new BackfillView(
        b.id(),
        b.job(),
        b.from(),
        b.to(),
        b.parallelism(),
        b.state(),
        b.total(),
        b.existing(),
        created,
        b.isRunning() ? Math.max(0, b.total() - b.existing() - created) : 0,
        p.runs(),
        b.params(),
        b.priority(),
        b.createdBy(),
        b.createdAt(),
        b.endedAt());
  }
}
