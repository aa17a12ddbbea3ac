package io.hydra.web.api;

import io.hydra.core.error.ValidationException;
import io.hydra.store.error.NotFoundException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses input that no route could use before any route or query sees it: control characters in
 * path and query parameters (PostgreSQL rejects NUL in text, which would be a 500), NUL in a body,
 * a body over its route's limit ({@link BodyLimit}), ids that are not positive numbers, and job
 * names that cannot exist.
 */
final class InputGuard {

  private static final Pattern JOB_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final int MAX_PARAM = 1000;

  private InputGuard() {}

  static void check(Context ctx) {
    for (Map.Entry<String, String> param : ctx.pathParamMap().entrySet()) {
      text(param.getKey(), param.getValue());
    }
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      text(param.getKey(), param.getKey());
      param.getValue().forEach(value -> text(param.getKey(), value));
    }
    String path = ctx.endpointHandlerPath();
    if (path.startsWith("/api/v1/jobs/{name}")
        && !JOB_NAME.matcher(ctx.pathParam("name")).matches()) {
      throw new NotFoundException("job '" + ctx.pathParam("name") + "' does not exist");
    }
    if (path.contains("{id}")) {
      positive("id", ctx.pathParam("id"));
    }
    if (path.contains("{n}")) {
      positive("n", ctx.pathParam("n"));
    }
    if (ctx.method().name().toLowerCase(Locale.ROOT).matches("post|put|patch")) {
      BodyLimit.checkRead(ctx, ctx.bodyAsBytes());
      String body = ctx.body();
      if (body.indexOf('\0') >= 0 || body.contains("\\u0000")) {
        throw ValidationException.of("body", "NUL characters are not allowed");
      }
    }
  }

  private static void text(String name, String value) {
    if (value.length() > MAX_PARAM) {
      throw ValidationException.of(name, "must be at most " + MAX_PARAM + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw ValidationException.of(name, "must not contain control characters");
      }
    }
  }

  private static void positive(String name, String value) {
    try {
      if (Long.parseLong(value) >= 1 && Long.parseLong(value) <= Integer.MAX_VALUE) {
        return;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ValidationException.of(name, "must be a positive integer, not '" + value + "'");
  }
}
