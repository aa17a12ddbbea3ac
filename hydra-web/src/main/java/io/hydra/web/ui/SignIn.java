package io.hydra.web.ui;

import io.hydra.web.auth.AuthFilter;
import io.hydra.web.auth.Principal;
import io.hydra.web.auth.Role;
import io.hydra.web.auth.Tokens;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.util.Optional;

/**
 * Sign in by pasting an API token; it is kept in an HttpOnly, SameSite=Strict cookie that the auth
 * filter accepts like a bearer header. Without auth there is nothing to sign in to.
 */
public final class SignIn {

  private final Tokens tokens;
  private final boolean required;

  SignIn(Tokens tokens, boolean required) {
    this.tokens = tokens;
    this.required = required;
  }

  void register(Javalin app) {
    app.get("/login", ctx -> form(ctx, null));
    app.post("/login", this::signIn);
    app.post("/logout", this::signOut);
  }

  /** The model of {@code login.jte}. */
  public record LoginPage(Chrome chrome, String next, String error) {}

  private void form(Context ctx, String error) {
    if (!required) {
      ctx.redirect("/jobs");
      return;
    }
    Templates.page(
        ctx,
        "login.jte",
        new LoginPage(
            Chrome.of("Sign in", new Viewer("", Role.VIEWER, false), ""), next(ctx), error));
  }

  private void signIn(Context ctx) {
    String token = Optional.ofNullable(ctx.formParam("token")).orElse("").strip();
    Optional<Principal> who = token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
    if (who.isEmpty()) {
      ctx.status(401);
      form(ctx, token.isEmpty() ? "Paste a token." : "That token is unknown or revoked.");
      return;
    }
    ctx.cookie(cookie(token, -1, ctx));
    ctx.redirect(next(ctx), HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) {
    ctx.cookie(cookie("", 0, ctx));
    ctx.redirect(required ? "/login" : "/jobs", HttpStatus.SEE_OTHER);
  }

  private static Cookie cookie(String value, int maxAge, Context ctx) {
    boolean https =
        "https".equals(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    return new Cookie(
        AuthFilter.SESSION_COOKIE, value, "/", maxAge, https, 0, true, null, null, SameSite.STRICT);
  }

  /** Only a local path: a sign-in link must not send the user to another site. */
  private static String next(Context ctx) {
    String next = Optional.ofNullable(ctx.formParam("next")).orElse(ctx.queryParam("next"));
    return next != null && next.matches("/[A-Za-z0-9/_.?=&%-]*") && !next.startsWith("//")
        ? next
        : "/jobs";
  }
}
