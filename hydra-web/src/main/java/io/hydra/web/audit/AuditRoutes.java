package io.hydra.web.audit;

import io.hydra.core.error.ValidationException;
import io.hydra.store.audit.AuditEntry;
import io.hydra.web.auth.JobScope;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/audit?job=&since=&limit=&cursor=}: recorded changes, newest first. */
public final class AuditRoutes {

  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final AuditLog log;
  private final JobScope scope;

  public AuditRoutes(AuditLog log, JobScope scope) {
    this.log = log;
    this.scope = scope;
  }

  public void register(Javalin app) {
    app.get("/api/v1/audit", this::read);
  }

  private void read(Context ctx) {
    int limit = (int) number(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT);
    String cursor = ctx.queryParam("cursor");
    Long before =
        cursor == null || cursor.isBlank() ? null : number(ctx, "cursor", 0, Long.MAX_VALUE);
    List<AuditEntry> page =
        log.read(
            new AuditEntry.Query(blankToNull(ctx.queryParam("job")), since(ctx), before, limit));
    Principal principal = Principal.of(ctx);
    // An owner-limited token sees the changes of its own jobs only.
    List<AuditEntry> visible =
        !principal.limited()
            ? page
            : page.stream()
                .filter(
                    e -> e.job() != null && principal.reaches(scope.ownerOf(e.job()).orElse(null)))
                .toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", visible);
    answer.put("nextCursor", page.size() == limit ? Long.toString(page.get(limit - 1).id()) : null);
    ctx.json(answer);
  }

  private static Instant since(Context ctx) {
    String value = blankToNull(ctx.queryParam("since"));
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ValidationException.of(
          "since", "'" + value + "' is not an ISO-8601 instant such as 2026-03-01T02:00:00Z");
    }
  }

  private static long number(Context ctx, String name, long fallback, long max) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed < 1 || parsed > max) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ValidationException.of(
          name, "must be an integer from 1 to " + max + ", not '" + value + "'");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
