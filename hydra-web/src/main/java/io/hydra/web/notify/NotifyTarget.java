package io.hydra.web.notify;

import io.hydra.core.job.NotifySpec;
import java.net.URI;
import java.util.Set;

/** Where one notification goes: the server's default, or one entry of a job's {@code notify}. */
record NotifyTarget(URI webhook, Set<String> on, String format) {

  static NotifyTarget of(NotifyConfig global) {
    return new NotifyTarget(global.webhook(), global.on(), global.format());
  }

  static NotifyTarget of(NotifySpec spec) {
    NotifySpec n = spec.normalized();
    return new NotifyTarget(URI.create(n.webhook()), Set.copyOf(n.on()), n.format());
  }
}
