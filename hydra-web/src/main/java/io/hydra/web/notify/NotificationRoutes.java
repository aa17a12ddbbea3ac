package io.hydra.web.notify;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** {@code GET /api/v1/notifications?job=}: recorded webhook deliveries, newest first. */
public final class NotificationRoutes {

  /** One delivery and how it went. */
  public record Delivery(
      long id,
      long eventId,
      long runId,
      String job,
      String event,
      String url,
      String state,
      int attempts,
      Integer responseCode,
      String lastError,
      Instant createdAt,
      Instant updatedAt) {}

  private final Jdbi jdbi;

  public NotificationRoutes(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void register(Javalin app) {
    app.get("/api/v1/notifications", this::list);
  }

  private void list(Context ctx) {
    String job = ctx.queryParam("job");
    List<Delivery> items =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "select * from notification where (cast(:job as text) is null or job = :job) "
                            + "order by id desc limit 500")
                    .bind("job", job == null || job.isBlank() ? null : job)
                    .map(
                        (rs, c) ->
                            new Delivery(
                                rs.getLong("id"),
                                rs.getLong("event_id"),
                                rs.getLong("run_id"),
                                rs.getString("job"),
                                rs.getString("event"),
                                rs.getString("url"),
                                rs.getString("state"),
                                rs.getInt("attempts"),
                                (Integer) rs.getObject("response_code"),
                                rs.getString("last_error"),
                                rs.getTimestamp("created_at").toInstant(),
                                rs.getTimestamp("updated_at").toInstant()))
                    .list());
    ctx.json(Map.of("items", items));
  }
}
