package io.hydra.scheduler.pipeline;

import io.hydra.core.pipeline.PipelineNode;
import io.hydra.core.run.RunState;
import io.hydra.store.run.Run;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Why a job has no run yet at a logical time, in words: it waits for the first of its upstreams
 * that has not succeeded ("waits for extract-orders, running since 02:00:04").
 */
final class PendingReason {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private PendingReason() {}

  static String of(String job, Map<String, PipelineNode> nodes, Map<String, Run> runs) {
    for (String up : nodes.get(job).upstreams()) {
      Run r = runs.get(up);
      if (r == null) {
        return "waits for " + up + ", which has no run yet";
      }
      if (r.state() != RunState.SUCCEEDED) {
        return "waits for " + up + ", " + state(r);
      }
    }
    return nodes.get(job).upstreams().isEmpty()
        ? "no run yet at this logical time"
        : "its upstreams succeeded; its run is being created";
  }

  private static String state(Run r) {
    String s = r.state().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    if (r.state() == RunState.RUNNING && r.startedAt() != null) {
      return "running since " + TIME.format(r.startedAt()) + " UTC";
    }
    if (r.state().isTerminal() && r.endedAt() != null) {
      return s + " at " + TIME.format(r.endedAt()) + " UTC";
    }
    return s;
  }
}
