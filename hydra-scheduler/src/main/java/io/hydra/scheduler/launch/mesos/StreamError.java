package io.hydra.scheduler.launch.mesos;

import java.util.Locale;

/** What an ERROR event on the subscription stream means for the framework. */
enum StreamError {
  /**
   * The master no longer knows the framework (its failover timeout passed, or an operator tore it
   * down): its tasks are gone, so subscribing again as a new framework is the only way on.
   */
  FRAMEWORK_REMOVED,
  /**
   * Another scheduler instance subscribed with our framework id and leads now; fighting it for the
   * subscription would flap both, so this instance stops.
   */
  FAILED_OVER,
  /** Anything else: resubscribe as the same framework. */
  OTHER;

  static StreamError of(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("removed") || m.contains("torn down") || m.contains("teardown")) {
      return FRAMEWORK_REMOVED;
    }
    return m.contains("failed over") ? FAILED_OVER : OTHER;
  }
}
