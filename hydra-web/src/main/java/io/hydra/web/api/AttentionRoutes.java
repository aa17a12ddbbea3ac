package io.hydra.web.api;

import io.hydra.scheduler.engine.RunService;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;

/**
 * {@code GET /api/v1/attention}: what needs a person, within the owners the caller's token reaches
 * (the same list the attention page shows).
 */
final class AttentionRoutes {

  private final RunService runs;

  AttentionRoutes(RunService runs) {
    this.runs = runs;
  }

  void register(Javalin app) {
    app.get(
        "/api/v1/attention",
        ctx -> {
          Principal principal = Principal.of(ctx);
          ctx.json(runs.attention(principal::reaches));
        });
  }
}
