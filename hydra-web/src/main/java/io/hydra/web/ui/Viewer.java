package io.hydra.web.ui;

import io.hydra.web.auth.Principal;
import io.hydra.web.auth.Role;
import io.javalin.http.Context;

/**
 * Who looks at a page, as the templates need it: which controls to show. Hiding is a courtesy; the
 * API refuses a change the role does not allow whatever the page shows.
 *
 * @param signedIn false without auth ({@code --auth none}): nobody signs in or out
 */
public record Viewer(String name, Role role, boolean signedIn) {

  static Viewer of(Context ctx, boolean tokensRequired) {
    Principal principal = Principal.of(ctx);
    return new Viewer(principal.name(), principal.role(), tokensRequired);
  }

  /** Trigger, re-run, kill, skip, mark success, pause, backfill. */
  public boolean canOperate() {
    return role.includes(Role.OPERATOR);
  }

  /** Create and change job definitions. */
  public boolean canDefine() {
    return role.includes(Role.ADMIN);
  }

  public String roleName() {
    return role.wireName();
  }
}
