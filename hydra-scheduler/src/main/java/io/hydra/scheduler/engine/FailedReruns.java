package io.hydra.scheduler.engine;

import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.store.run.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * "Re-run every failed node with its downstream" for one pipeline at one logical time: each failed
 * root (a failed, upstream-failed or killed node none of whose same-time upstreams failed) is
 * re-run with its downstream, so every failed node runs again once, after what it waits for.
 */
final class FailedReruns {

  private static final Set<String> FAILED = Set.of("failed", "upstream_failed", "killed");

  private final RunService runs;
  private final JobCatalog catalog;

  FailedReruns(RunService runs, JobCatalog catalog) {
    this.runs = runs;
    this.catalog = catalog;
  }

  /** The runs {@link #rerun} would reset, roots first in dependency order, each once. */
  List<Run> preview(PipelineView view) {
    Map<Long, Run> out = new LinkedHashMap<>();
    for (long root : roots(view)) {
      runs.get(root).ifPresent(d -> out.put(root, d.run()));
      runs.rerunDownstreamPreview(root).forEach(r -> out.putIfAbsent(r.id(), r));
    }
    return List.copyOf(out.values());
  }

  /**
   * Re-runs each root with its downstream, one transaction each. A root that another root's re-run
   * already reset (or someone re-ran meanwhile) has not ended and is left alone.
   */
  List<Run> rerun(PipelineView view, String who) {
    Map<Long, Run> out = new LinkedHashMap<>();
    for (long root : roots(view)) {
      boolean ended = runs.get(root).map(d -> d.run().state().isTerminal()).orElse(false);
      if (!ended || out.containsKey(root)) {
        continue;
      }
      RunService.Rerun result = runs.rerun(root, null, true, who);
      out.put(root, result.run());
      result.downstream().forEach(r -> out.putIfAbsent(r.id(), r));
    }
    return List.copyOf(out.values());
  }

  /** Failed nodes whose same-time upstreams in the pipeline did not fail, in dependency order. */
  private List<Long> roots(PipelineView view) {
    Set<String> failed =
        view.nodes().stream()
            .filter(n -> n.runId() != null && FAILED.contains(n.state()))
            .map(PipelineView.Node::job)
            .collect(Collectors.toSet());
    List<String> order = catalog.graph().topologicalOrder();
    List<PipelineView.Node> roots = new ArrayList<>();
    for (PipelineView.Node n : view.nodes()) {
      boolean upstreamFailed =
          view.edges().stream()
              .anyMatch(
                  e ->
                      e.to().equals(n.job())
                          && e.kind().equals("same_time")
                          && failed.contains(e.from()));
      if (failed.contains(n.job()) && !upstreamFailed) {
        roots.add(n);
      }
    }
    roots.sort(Comparator.comparingInt(n -> order.indexOf(n.job())));
    return roots.stream().map(PipelineView.Node::runId).toList();
  }
}
