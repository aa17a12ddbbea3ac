package io.hydra.web.api;

import io.hydra.scheduler.ha.Leadership;
import io.hydra.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/health}: 200 when the database answers, 503 otherwise; this instance's role
 * (leader or follower) and the instance that leads.
 */
final class HealthRoutes {

  private final Store store;
  private final Leadership leadership;

  HealthRoutes(Store store, Leadership leadership) {
    this.store = store;
    this.leadership = leadership;
  }

  void register(Javalin app) {
    app.get("/api/v1/health", this::health);
  }

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean databaseUp = databaseAnswers();
    body.put("status", databaseUp ? "ok" : "unavailable");
    body.put("database", databaseUp ? "ok" : "unreachable");
    body.put("role", leadership.isLeader() ? "leader" : "follower");
    body.put("instance", leadership.holder());
    if (databaseUp) {
      leadership.currentLeader().ifPresent(leader -> body.put("leader", leader));
    }
    ctx.status(databaseUp ? 200 : 503).json(body);
  }

  private boolean databaseAnswers() {
    return store.answers(2);
  }
}
