package io.hydra.web.auth;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.Set;

/**
 * Who sent a request: the token's name (the author of every change it makes), its role, and the job
 * owners it is limited to (null: every job).
 */
public record Principal(String name, Role role, Set<String> owners) {

  /** Without auth, every request acts as this: today's behaviour on a loopback address. */
  public static final Principal ANONYMOUS = new Principal("anonymous", Role.ADMIN, null);

  private static final String ATTRIBUTE = "hydra.principal";

  public boolean reaches(String owner) {
    return owners == null || (owner != null && owners.contains(owner));
  }

  /** A 403 naming the token and the owner, unless this principal reaches the job's owner. */
  public void mustReach(String owner) {
    if (!reaches(owner)) {
      throw new ForbiddenResponse(
          "token '"
              + name
              + "' is limited to owners "
              + owners
              + "; this job's owner is '"
              + owner
              + "'");
    }
  }

  public boolean limited() {
    return owners != null;
  }

  void attachTo(Context ctx) {
    ctx.attribute(ATTRIBUTE, this);
  }

  /** The request's principal; anonymous on routes that need none (health, docs). */
  public static Principal of(Context ctx) {
    Principal principal = ctx.attribute(ATTRIBUTE);
    return principal == null ? ANONYMOUS : principal;
  }
}
