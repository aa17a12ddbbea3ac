package io.hydra.core.pipeline;

import io.hydra.core.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Predicts when each job of a pipeline will have succeeded, along the longest path of unfinished
 * upstreams: a node starts once the last of its upstreams is predicted to end (or now, if that is
 * later) and then takes its typical duration; a running node ends its typical duration after it
 * started, or now if that has passed. Finished nodes end when they did. A failed, killed or
 * upstream-failed node, and everything waiting on it, is blocked: it will not succeed until someone
 * acts. Freshness edges are not followed: they wait on an older success, not on a run of this
 * logical time.
 */
public final class Prediction {

  private final Map<String, PipelineNode> nodes;
  private final Instant now;
  private final Map<String, Eta> memo = new HashMap<>();

  private Prediction(Map<String, PipelineNode> nodes, Instant now) {
    this.nodes = nodes;
    this.now = now;
  }

  /** Every node's predicted finish; the graph is acyclic (the validator refuses cycles). */
  public static Map<String, Eta> of(Map<String, PipelineNode> nodes, Instant now) {
    Prediction p = new Prediction(nodes, now);
    Map<String, Eta> out = new HashMap<>();
    nodes.keySet().forEach(job -> out.put(job, p.eta(job)));
    return out;
  }

  private Eta eta(String job) {
    Eta known = memo.get(job);
    if (known != null) {
      return known;
    }
    Eta e = compute(nodes.get(job));
    memo.put(job, e);
    return e;
  }

  private Eta compute(PipelineNode n) {
    RunState state = n.state().orElse(null);
    if (state == RunState.SUCCEEDED || state == RunState.SKIPPED) {
      return new Eta(n.endedAt() == null ? now : n.endedAt(), false, true);
    }
    if (state == RunState.FAILED || state == RunState.UPSTREAM_FAILED || state == RunState.KILLED) {
      return Eta.BLOCKED;
    }
    boolean lowerBound = n.typical().isEmpty();
    Duration typical = n.typical().orElse(Duration.ZERO);
    if (state == RunState.RUNNING && n.startedAt() != null) {
      return new Eta(later(now, n.startedAt().plus(typical)), lowerBound, false);
    }
    Instant start = now;
    for (String up : n.upstreams()) {
      if (!nodes.containsKey(up)) {
        continue;
      }
      Eta u = eta(up);
      if (u.blocked()) {
        return Eta.BLOCKED;
      }
      start = later(start, u.at());
      lowerBound |= u.lowerBound();
    }
    return new Eta(start.plus(typical), lowerBound, false);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
