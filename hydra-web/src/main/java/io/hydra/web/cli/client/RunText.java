package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.run.RunState;

/** How client commands print runs and explanations: one line each, for people and grep. */
final class RunText {

  private RunText() {}

  static String line(JsonNode run) {
    return "run "
        + run.path("id").asText()
        + "  "
        + run.path("job").asText()
        + " @ "
        + run.path("logicalTime").asText()
        + "  "
        + run.path("state").asText()
        + (run.path("held").asBoolean() ? " (held by " + run.path("heldBy").asText() + ")" : "")
        + "  "
        + run.path("reason").asText();
  }

  /** Whether a run in this state (its wire name) has ended. */
  static boolean isEnded(String state) {
    return RunState.fromWire(state).isTerminal();
  }

  static String reason(JsonNode reason) {
    return "  " + reason.path("kind").asText() + ": " + reason.path("message").asText();
  }
}
