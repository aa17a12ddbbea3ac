package io.hydra.web.ui;

import io.hydra.core.job.JobSpec;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The job list's filters: part of the name, owner, a label ({@code team} or {@code team=data}) and
 * a state (the newest run's state, "never" for jobs without runs, or "paused").
 */
public record JobFilter(String q, String owner, String label, String state) {

  static JobFilter of(Context ctx) {
    return new JobFilter(
        text(ctx, "q"), text(ctx, "owner"), text(ctx, "label"), text(ctx, "state"));
  }

  private static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  boolean matches(JobSpec spec, LatestRuns.Latest last) {
    return (q.isEmpty() || spec.name().contains(q.toLowerCase()))
        && (owner.isEmpty() || owner.equals(spec.owner()))
        && (label.isEmpty() || hasLabel(spec.labels()))
        && (state.isEmpty() || hasState(spec, last));
  }

  private boolean hasLabel(Map<String, String> labels) {
    if (labels == null) {
      return false;
    }
    int eq = label.indexOf('=');
    return eq < 0
        ? labels.containsKey(label)
        : label.substring(eq + 1).equals(labels.get(label.substring(0, eq)));
  }

  private boolean hasState(JobSpec spec, LatestRuns.Latest last) {
    return switch (state) {
      case "paused" -> spec.pausedFlag();
      case "never" -> last == null;
      default -> last != null && last.state().equals(state);
    };
  }
}
