package io.hydra.web.auth;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;

/**
 * Runs before every matched route: who is calling (a bearer token, or anonymous without auth),
 * whether they are within their request rate, and whether their role and owners allow the route.
 */
public final class AuthFilter implements Handler {

  private final Tokens tokens;
  private final boolean required;
  private final RateLimiter limiter;
  private final JobScope scope;

  /**
   * @param required false for {@code --auth none}: every caller acts as an anonymous admin
   */
  public AuthFilter(Tokens tokens, boolean required, RateLimiter limiter, JobScope scope) {
    this.tokens = tokens;
    this.required = required;
    this.limiter = limiter;
    this.scope = scope;
  }

  @Override
  public void handle(Context ctx) {
    String path = ctx.endpointHandlerPath();
    Role needed = AccessRules.required(ctx.method(), path);
    if (needed == null) {
      return;
    }
    Principal principal = required ? authenticate(ctx) : Principal.ANONYMOUS;
    principal.attachTo(ctx);
    long wait =
        limiter.acquire(
            required ? "token:" + principal.name() : "ip:" + ctx.ip(), System.nanoTime());
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      throw new HttpResponseException(
          429, "too many requests from '" + principal.name() + "'; retry after " + wait + " s");
    }
    if (!principal.role().includes(needed)) {
      throw new ForbiddenResponse(
          "token '"
              + principal.name()
              + "' has role "
              + principal.role().wireName()
              + "; "
              + ctx.method()
              + " "
              + path
              + " needs "
              + needed.wireName());
    }
    if (principal.limited()) {
      if (AccessRules.needsUnlimited(ctx.method(), path)) {
        throw new ForbiddenResponse(
            "token '"
                + principal.name()
                + "' is limited to owners "
                + principal.owners()
                + "; "
                + path
                + " needs a token for every job");
      }
      for (String owner : scope.owners(ctx)) {
        principal.mustReach(owner);
      }
    }
  }

  private Principal authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    String cookie = ctx.cookie(SESSION_COOKIE);
    if ((header == null || header.isBlank()) && cookie != null && !cookie.isBlank()) {
      return fromCookie(ctx, cookie);
    }
    if (header == null || header.isBlank()) {
      throw unauthorized(ctx, "missing Authorization: Bearer <token>");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized(ctx, "the Authorization header must be 'Bearer <token>'");
    }
    Optional<Principal> principal = tokens.authenticate(header.substring(7).strip());
    return principal.orElseThrow(() -> unauthorized(ctx, "unknown or revoked token"));
  }

  /**
   * The web UI's sign-in keeps the token in this HttpOnly, SameSite=Strict cookie. A browser sends
   * it with any request to this site, so a change made with it must also carry a header that only
   * this site's own scripts send (htmx's {@code HX-Request}): a cross-site form post cannot set
   * one, and a cross-site script would need a CORS grant the server never gives.
   */
  public static final String SESSION_COOKIE = "hydra_token";

  public static final String CSRF_HEADER = "HX-Request";

  private Principal fromCookie(Context ctx, String cookie) {
    boolean reads = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    if (!reads && !"true".equals(ctx.header(CSRF_HEADER))) {
      throw new ForbiddenResponse(
          "a change signed in by cookie must send the header "
              + CSRF_HEADER
              + ": true (the web UI does)");
    }
    return tokens
        .authenticate(cookie.strip())
        .orElseThrow(() -> unauthorized(ctx, "unknown or revoked token; sign in again"));
  }

  private static UnauthorizedResponse unauthorized(Context ctx, String message) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"hydra\"");
    return new UnauthorizedResponse(message);
  }
}
