package io.hydra.scheduler.engine;

import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which pipeline roots with {@code pipeline.retries} a run's end may concern, per job: built with
 * the catalog, so the end of a run outside every such pipeline (most of them) costs one map lookup.
 *
 * <p>A root's pipeline, for retries, is the root and everything downstream of it at the same
 * logical time. A run's end may finish that pipeline when the run is in it, or when it is upstream
 * of a node in it: its end can end such a node as {@code upstream_failed} in the same transaction.
 */
final class RetryRoots {

  private final Map<String, List<String>> byJob;

  private RetryRoots(Map<String, List<String>> byJob) {
    this.byJob = byJob;
  }

  static final RetryRoots NONE = new RetryRoots(Map.of());

  static RetryRoots of(JobGraph graph) {
    Map<String, Set<String>> byJob = new HashMap<>();
    for (String root : graph.jobs()) {
      int max = graph.spec(root).map(JobSpec::pipelineRetries).orElse(0);
      if (max == 0) {
        continue;
      }
      for (String node : scope(graph, root)) {
        byJob.computeIfAbsent(node, k -> new HashSet<>()).add(root);
        graph
            .allUpstreamOf(node)
            .forEach(u -> byJob.computeIfAbsent(u, k -> new HashSet<>()).add(root));
      }
    }
    Map<String, List<String>> sorted = new HashMap<>();
    byJob.forEach((job, roots) -> sorted.put(job, roots.stream().sorted().toList()));
    return new RetryRoots(sorted);
  }

  /** The root and its same-time downstream, root first, then nearest first. */
  static List<String> scope(JobGraph graph, String root) {
    List<String> out = new ArrayList<>(List.of(root));
    out.addAll(graph.allDownstreamOf(root));
    return out;
  }

  /** The roots with a retry policy whose pipeline the end of a run of {@code job} may finish. */
  List<String> of(String job) {
    return byJob.getOrDefault(job, List.of());
  }
}
