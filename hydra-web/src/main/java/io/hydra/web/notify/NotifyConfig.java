package io.hydra.web.notify;

import io.hydra.core.job.NotifySpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The global default notification: which run events go to which webhook, in which format, signed
 * with which secret (HMAC-SHA256; null sends unsigned).
 *
 * @param firstRetry the wait before the first retry; each further retry waits twice as long
 */
public record NotifyConfig(
    URI webhook,
    Set<String> on,
    String format,
    String secret,
    int maxAttempts,
    Duration firstRetry) {

  public static final List<String> EVENTS = NotifySpec.EVENTS;
  public static final Set<String> DEFAULT_ON = Set.copyOf(NotifySpec.DEFAULT_ON);

  public NotifyConfig {
    for (String event : on) {
      if (!EVENTS.contains(event)) {
        throw new IllegalArgumentException(
            "--notify-on: '" + event + "' is not an event; use " + String.join(", ", EVENTS));
      }
    }
    if (!format.equals("json") && !format.equals("slack")) {
      throw new IllegalArgumentException(
          "--notify-format: use json or slack, not '" + format + "'");
    }
    if (!"http".equals(webhook.getScheme()) && !"https".equals(webhook.getScheme())) {
      throw new IllegalArgumentException(
          "--notify-webhook: '" + webhook + "' is not an http(s) URL");
    }
  }
}
