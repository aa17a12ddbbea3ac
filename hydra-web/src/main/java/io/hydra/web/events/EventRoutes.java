package io.hydra.web.events;

import io.hydra.store.json.Json;
import io.hydra.web.auth.JobScope;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;

/**
 * {@code GET /api/v1/events?job=}: Server-Sent Events, one {@code run} event per run state change
 * (id: the change's id), so pipelines and the UI need not poll.
 */
public final class EventRoutes {

  private final RunChanges changes;
  private final JobScope scope;

  public EventRoutes(RunChanges changes, JobScope scope) {
    this.changes = changes;
    this.scope = scope;
  }

  public void register(Javalin app) {
    app.sse("/api/v1/events", this::stream);
  }

  private void stream(SseClient client) {
    String job = client.ctx().queryParam("job");
    String only = job == null || job.isBlank() ? null : job;
    Principal principal = Principal.of(client.ctx());
    client.keepAlive();
    AutoCloseable subscription =
        changes.subscribe(
            change -> {
              if (client.terminated() || (only != null && !only.equals(change.job()))) {
                return;
              }
              if (principal.limited()
                  && !principal.reaches(scope.ownerOf(change.job()).orElse(null))) {
                return;
              }
              client.sendEvent("run", Json.write(change), Long.toString(change.eventId()));
            });
    client.onClose(
        () -> {
          try {
            subscription.close();
          } catch (Exception e) {
            throw new IllegalStateException("cannot unsubscribe", e);
          }
        });
    client.sendComment("subscribed");
  }
}
