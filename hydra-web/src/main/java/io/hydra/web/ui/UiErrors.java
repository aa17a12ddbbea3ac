package io.hydra.web.ui;

import io.hydra.core.error.FieldError;
import io.hydra.web.auth.Role;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Errors on UI addresses as HTML, not the API's JSON: a page to sign in when the caller has no
 * token, a short message for htmx to show, or an error page. Never a stack trace.
 */
public final class UiErrors {

  private UiErrors() {}

  /** Everything outside the API and the metrics is the UI's. */
  public static boolean isUi(Context ctx) {
    return Ui.owns(ctx.path());
  }

  public static void send(Context ctx, int status, String message, List<FieldError> fields) {
    boolean fragment = "true".equals(ctx.header("HX-Request"));
    if (status == 401 && !fragment) {
      ctx.redirect("/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
      return;
    }
    if (status == 401) {
      ctx.header("HX-Redirect", "/login");
    }
    String text =
        fields.isEmpty()
            ? message
            : String.join("; ", fields.stream().map(FieldError::toString).toList());
    ctx.status(status);
    if (fragment) {
      ctx.contentType("text/plain; charset=utf-8").result(text);
      return;
    }
    Templates.page(
        ctx,
        "error.jte",
        new ErrorPage(
            Chrome.of("Error " + status, new Viewer("", Role.VIEWER, false), ""), status, text));
  }

  /** The model of {@code error.jte}. */
  public record ErrorPage(Chrome chrome, int status, String message) {}
}
