package io.hydra.scheduler.pipeline;

import io.hydra.core.graph.JobGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits the runs of one logical time into pipelines: two runs belong together when either job is
 * in the other's pipeline, and transitively so, since {@link JobGraph#pipelineOf} leaves sibling
 * branches out (two failed upstreams of one blocked job are one incident).
 */
final class AttentionGroups {

  private AttentionGroups() {}

  static List<List<Attention.Candidate>> of(JobGraph graph, List<Attention.Candidate> runs) {
    int n = runs.size();
    int[] parent = new int[n];
    List<Set<String>> pipelines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      String job = runs.get(i).run().job();
      Set<String> p = graph.pipelineOf(job);
      pipelines.add(p.isEmpty() ? Set.of(job) : p);
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        if (pipelines.get(i).contains(runs.get(j).run().job())
            || pipelines.get(j).contains(runs.get(i).run().job())) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
    }
    Map<Integer, List<Attention.Candidate>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(runs.get(i));
    }
    return new ArrayList<>(groups.values());
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
}
