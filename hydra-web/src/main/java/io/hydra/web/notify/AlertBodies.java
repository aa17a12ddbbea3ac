package io.hydra.web.notify;

import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a deadline alert's webhook receives: JSON, or a Slack message. */
final class AlertBodies {

  private AlertBodies() {}

  static String of(DeadlineAlert a, String format) {
    if (format.equals("slack")) {
      return Json.write(
          Map.of(
              "text",
              "Hydra: "
                  + a.job()
                  + " (logical time "
                  + a.logicalTime()
                  + ") "
                  + (a.kind().equals(DeadlineAlert.AT_RISK) ? "is at risk" : "missed its deadline")
                  + " of "
                  + a.deadline()
                  + ": "
                  + a.reason()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", a.kind());
    body.put("job", a.job());
    if (a.runId() != null) {
      body.put("runId", a.runId());
    }
    body.put("logicalTime", a.logicalTime().toString());
    body.put("deadline", a.deadline().toString());
    if (a.eta() != null) {
      body.put("eta", a.eta().toString());
    }
    body.put("reason", a.reason());
    body.put("at", a.createdAt().toString());
    return Json.write(body);
  }
}
