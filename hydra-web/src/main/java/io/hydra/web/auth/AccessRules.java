package io.hydra.web.auth;

import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * The role each route needs, in one place: reads need viewer, defining jobs, calendars and tokens
 * needs admin, every other change needs operator. Health and the API description are open.
 */
public final class AccessRules {

  private static final Set<String> OPEN =
      Set.of(
          "/api/v1/health",
          "/api/v1/openapi.json",
          "/api/v1/docs",
          "/api/v1/schemas/job.json",
          "/metrics");

  /** The web UI's sign-in pages: they decide who the caller is, so anyone may reach them. */
  private static final Set<String> UI_OPEN = Set.of("/login", "/logout");

  private AccessRules() {}

  /** The role a route needs, or null when it is open to anyone. */
  public static Role required(HandlerType method, String path) {
    if (OPEN.contains(path) || UI_OPEN.contains(path)) {
      return null;
    }
    if (path.startsWith("/api/v1/tokens") || path.equals("/api/v1/apply")) {
      return Role.ADMIN;
    }
    if (method == HandlerType.GET || method == HandlerType.HEAD) {
      return Role.VIEWER;
    }
    if (path.equals("/api/v1/schedule/preview")) {
      return Role.VIEWER; // computes fire times; changes nothing
    }
    if (!path.startsWith("/api/")) {
      return Role.VIEWER; // the UI's own posts check drafts; its changes go through /api/v1
    }
    if (path.equals("/api/v1/jobs") || path.equals("/api/v1/jobs/{name}")) {
      return Role.ADMIN; // create, change, delete a job definition
    }
    if (path.startsWith(CALENDARS)) {
      return Role.ADMIN; // a calendar decides when jobs run, as their definitions do
    }
    return Role.OPERATOR;
  }

  /**
   * Routes an owner-limited token may not use even with the role: changing several jobs at once and
   * managing tokens (a limited admin could otherwise mint itself an unlimited token).
   */
  public static boolean needsUnlimited(String path) {
    return path.startsWith("/api/v1/tokens") || path.equals("/api/v1/apply");
  }

  /**
   * Calendars are shared by every owner's jobs, so an owner-limited token may read them but not
   * change them: that would change when other owners' jobs run.
   */
  public static boolean needsUnlimited(HandlerType method, String path) {
    boolean read = method == HandlerType.GET || method == HandlerType.HEAD;
    return needsUnlimited(path) || (!read && path.startsWith(CALENDARS));
  }

  private static final String CALENDARS = "/api/v1/calendars";
}
