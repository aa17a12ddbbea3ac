package io.hydra.scheduler.launch.mesos;

import java.net.URI;

/** Where a master's endpoints live, and how a redirect from a non-leading master is followed. */
final class MasterAddress {

  static final String SCHEDULER_PATH = "/api/v1/scheduler";

  private MasterAddress() {}

  /** {@code http://host:5050} (with an optional path prefix, e.g. behind a proxy) + endpoint. */
  static URI endpoint(URI base, String path) {
    String prefix = base.getRawPath() == null ? "" : base.getRawPath();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + path);
  }

  /**
   * The leading master named by a 307's Location header. Masters send it scheme-relative ({@code
   * //host:5050/api/v1/scheduler}); older docs show a bare {@code host:5050}; an absolute URL is
   * taken as is. Only scheme and authority are kept: the endpoint path is ours.
   */
  static URI leaderFromLocation(URI current, String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("redirect without a Location header");
    }
    String loc = location.trim();
    URI target;
    if (loc.startsWith("//")) {
      target = URI.create(current.getScheme() + ":" + loc);
    } else if (loc.contains("://")) {
      target = URI.create(loc);
    } else if (loc.startsWith("/")) {
      target = current; // a path on the same master: nothing to switch to
    } else {
      target = URI.create(current.getScheme() + "://" + loc);
    }
    if (target.getRawAuthority() == null) {
      throw new IllegalArgumentException("redirect to an unusable location: " + location);
    }
    return URI.create(target.getScheme() + "://" + target.getRawAuthority());
  }
}
