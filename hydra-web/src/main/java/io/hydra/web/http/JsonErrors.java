package io.hydra.web.http;

import io.hydra.core.error.FieldError;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The error body every JSON answer uses: {@code {"error": {code, message, fields}}}. Filters that
 * answer before a route (idempotency) write it here; the API's error handlers add the HTML page for
 * the UI's paths on top.
 */
public final class JsonErrors {

  private JsonErrors() {}

  public static void send(
      Context ctx, int status, String code, String message, List<FieldError> fields) {
    ctx.status(status)
        .json(
            Map.of(
                "error",
                Map.of(
                    "code", code, "message", message == null ? code : message, "fields", fields)));
  }
}
