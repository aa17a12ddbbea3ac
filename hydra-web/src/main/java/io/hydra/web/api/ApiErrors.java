package io.hydra.web.api;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.run.IllegalTransitionException;
import io.hydra.store.SqlFailures;
import io.hydra.store.error.ConflictException;
import io.hydra.store.error.NotFoundException;
import io.hydra.web.http.JsonErrors;
import io.hydra.web.ui.UiErrors;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures to {@code {"error": {"code", "message", "fields": [{"field", "message"}]}}}. Bad
 * input is a 4xx that names the field; only a bug is a 500, and even then no stack trace leaves the
 * server.
 */
public final class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  static void register(Javalin app) {
    app.exception(
        ValidationException.class,
        (e, ctx) -> send(ctx, 400, "invalid", "invalid input: " + e.getMessage(), e.errors()));
    app.exception(
        BodyLimit.TooLarge.class,
        (e, ctx) ->
            send(
                ctx,
                413,
                "too_large",
                "body too large: " + e.getMessage(),
                List.of(new FieldError("body", e.getMessage()))));
    app.exception(
        NotFoundException.class,
        (e, ctx) -> send(ctx, 404, "not_found", e.getMessage(), List.of()));
    app.exception(
        ConflictException.class, (e, ctx) -> send(ctx, 409, "conflict", e.getMessage(), List.of()));
    app.exception(
        IllegalTransitionException.class,
        (e, ctx) -> send(ctx, 409, "conflict", e.getMessage(), List.of()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> send(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage(), List.of()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          if (SqlFailures.isUnreachable(e)) {
            ctx.header("Retry-After", "5");
            send(ctx, 503, "unavailable", "the database is unavailable; retry shortly", List.of());
            return;
          }
          String id = UUID.randomUUID().toString();
          log.error("Request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
          send(
              ctx,
              500,
              "internal",
              "internal error; the server log has details under id " + id,
              List.of());
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            send(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path(), List.of());
          }
        });
    app.error(
        405,
        ctx ->
            send(
                ctx,
                405,
                "method_not_allowed",
                ctx.method() + " is not allowed on " + ctx.path(),
                List.of()));
  }

  public static void send(
      Context ctx, int status, String code, String message, List<FieldError> fields) {
    if (UiErrors.isUi(ctx)) {
      UiErrors.send(ctx, status, message == null ? code : message, fields);
      return;
    }
    JsonErrors.send(ctx, status, code, message, fields);
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      default -> "http_" + status;
    };
  }
}
