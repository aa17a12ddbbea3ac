package io.hydra.web.api;

import io.hydra.store.Database;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/health}: 200 when the database answers, 503 otherwise. */
final class HealthRoutes {

  private final Database database;

  HealthRoutes(Database database) {
    this.database = database;
  }

  void register(Javalin app) {
    app.get("/api/v1/health", this::health);
  }

  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    boolean databaseUp = databaseAnswers();
    body.put("status", databaseUp ? "ok" : "unavailable");
    body.put("database", databaseUp ? "ok" : "unreachable");
    // A single server is always the leader until the lease of the HA issue exists.
    body.put("role", "leader");
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
