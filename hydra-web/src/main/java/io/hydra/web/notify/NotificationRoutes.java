package io.hydra.web.notify;

import io.hydra.store.Store;
import io.hydra.store.notify.Delivery;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/notifications?job=}: recorded webhook deliveries, newest first. */
public final class NotificationRoutes {

  private static final int LIMIT = 500;

  private final Store store;

  public NotificationRoutes(Store store) {
    this.store = store;
  }

  public void register(Javalin app) {
    app.get("/api/v1/notifications", this::list);
  }

  private void list(Context ctx) {
    String job = ctx.queryParam("job");
    String only = job == null || job.isBlank() ? null : job;
    List<Delivery> items = store.read(tx -> tx.deliveries().newest(only, LIMIT));
    ctx.json(Map.of("items", items));
  }
}
