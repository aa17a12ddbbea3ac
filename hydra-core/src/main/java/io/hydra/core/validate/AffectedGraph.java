package io.hydra.core.validate;

import io.hydra.core.job.JobSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the job graph a change can make invalid: the changed jobs and everything they wait
 * for, transitively. {@link JobValidator#validateGraph} of this part reports the same problems of
 * the changed jobs as of the whole graph, at the cost of the part rather than of every job (a
 * catalog of a million jobs took seconds to build as one JGraphT graph per apply).
 *
 * <p>Why this is enough. An edge belongs to the job that lists the upstream in {@code after}, so a
 * change adds edges only at changed jobs. Every job on a cycle through a job X waits for X's
 * upstreams and so is upstream of X: a cycle lies wholly inside this part or wholly outside it. A
 * job of the part has each of its existing upstreams in the part too, so its unknown upstreams are
 * the same as in the whole graph. What is left out is problems among unchanged jobs only; none can
 * be stored, since every write of a job checks the graph under the job-change lock and a delete is
 * refused while another job depends on it. Such a problem (from SQL written by hand) is no longer
 * reported by an apply that does not touch it.
 */
public final class AffectedGraph {

  private AffectedGraph() {}

  /**
   * {@code changed} and every job they wait for, transitively, as specs from {@code all} (the whole
   * graph as it would be after the change, by name), in the iteration order of {@code all}. Names
   * not in {@code all} are skipped: the validator reports them as unknown upstreams of the jobs
   * that name them.
   */
  public static List<JobSpec> of(Map<String, JobSpec> all, Collection<String> changed) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String name : changed) {
      if (all.containsKey(name) && seen.add(name)) {
        todo.push(name);
      }
    }
    while (!todo.isEmpty()) {
      JobSpec spec = all.get(todo.pop());
      for (String up : spec.upstreams()) {
        if (all.containsKey(up) && seen.add(up)) {
          todo.push(up);
        }
      }
    }
    // In the whole graph's order, so the cycle named (a shortest path, found breadth first in the
    // order the edges were added) is the one the whole graph would name; one pass over the map.
    List<JobSpec> out = new ArrayList<>(seen.size());
    all.forEach(
        (name, spec) -> {
          if (seen.contains(name)) {
            out.add(spec);
          }
        });
    return out;
  }
}
