package io.hydra.web.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether the API needs tokens. Without auth anyone who reaches the port is an admin, so that is
 * allowed only where nobody else can reach it: a loopback address.
 */
public final class AuthMode {

  private AuthMode() {}

  /** True for token auth; refuses (one line naming the flags) a setting that would be unsafe. */
  public static boolean tokensRequired(String auth, String bind) {
    boolean loopback = isLoopback(bind);
    if (auth == null || auth.isBlank()) {
      if (!loopback) {
        throw new IllegalArgumentException(
            "--bind "
                + bind
                + " is not a loopback address: "
                + "start with --auth token (first admin token from HYDRA_BOOTSTRAP_TOKEN), "
                + "or --bind 127.0.0.1");
      }
      return false;
    }
    return switch (auth) {
      case "token" -> true;
      case "none" -> {
        if (!loopback) {
          throw new IllegalArgumentException(
              "--auth none is allowed only on a loopback "
                  + "--bind (127.0.0.1, ::1), not on "
                  + bind
                  + "; use --auth token");
        }
        yield false;
      }
      default ->
          throw new IllegalArgumentException(
              "--auth: '" + auth + "' is not a mode; use token or none");
    };
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind: cannot resolve '" + bind + "'", e);
    }
  }
}
