package io.hydra.web.api;

import io.hydra.scheduler.ha.Leadership;
import io.hydra.store.Database;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/health}: 200 when the database answers, 503 otherwise; this instance's role
 * (leader or follower) and the instance that leads.
 */
final class HealthRoutes {

  private final Database database;
  private final Leadership leadership;

  HealthRoutes(Database database, Leadership leadership) {
    this.database = database;
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
    try (Connection c = database.dataSource().getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }
}
