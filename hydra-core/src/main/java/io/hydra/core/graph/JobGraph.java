package io.hydra.core.graph;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.Graphs;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.BreadthFirstIterator;

/**
 * The dependency graph of all jobs: an edge runs from an upstream job to the job that lists it in
 * {@code after}. Upstream names that are not jobs are left out (the validator reports them).
 * Immutable once built.
 */
public final class JobGraph {

  private final Graph<String, DefaultEdge> all = new DefaultDirectedGraph<>(DefaultEdge.class);
  private final Graph<String, DefaultEdge> sameTime = new DefaultDirectedGraph<>(DefaultEdge.class);
  private final Map<String, JobSpec> specs = new TreeMap<>();

  /** The jobs that declare a deadline, with it: found once, not by every deadline check. */
  private final Map<String, Duration> deadlines = new TreeMap<>();

  private JobGraph(Collection<JobSpec> jobs) {
    for (JobSpec spec : jobs) {
      specs.put(spec.name(), spec);
      if (spec.deadline() != null) {
        deadlines.put(spec.name(), spec.deadline());
      }
      all.addVertex(spec.name());
      sameTime.addVertex(spec.name());
    }
    for (JobSpec spec : jobs) {
      for (UpstreamRef up : spec.after() == null ? List.<UpstreamRef>of() : spec.after()) {
        if (up == null || up.job() == null || !specs.containsKey(up.job())) {
          continue;
        }
        all.addEdge(up.job(), spec.name());
        if (up.within() == null) {
          sameTime.addEdge(up.job(), spec.name());
        }
      }
    }
  }

  public static JobGraph of(Collection<JobSpec> jobs) {
    return new JobGraph(jobs);
  }

  public boolean contains(String job) {
    return specs.containsKey(job);
  }

  public SortedSet<String> jobs() {
    return new TreeSet<>(specs.keySet());
  }

  public Optional<JobSpec> spec(String job) {
    return Optional.ofNullable(specs.get(job));
  }

  /** Each job that declares a deadline, with it, by name. */
  public Map<String, Duration> deadlines() {
    return Collections.unmodifiableMap(deadlines);
  }

  /** Jobs that run for the same logical time after {@code job}, sorted by name. */
  public List<String> downstreamOf(String job) {
    return contains(job) ? sorted(Graphs.successorListOf(sameTime, job)) : List.of();
  }

  /** Every job that lists {@code job} in {@code after}, same-time or freshness, sorted. */
  public List<String> dependentsOf(String job) {
    return contains(job) ? sorted(Graphs.successorListOf(all, job)) : List.of();
  }

  /** Same-time upstream jobs of {@code job} that exist, sorted by name. */
  public List<String> upstreamOf(String job) {
    return contains(job) ? sorted(Graphs.predecessorListOf(sameTime, job)) : List.of();
  }

  /** Every job reachable downstream of {@code job} for the same logical time, nearest first. */
  public List<String> allDownstreamOf(String job) {
    if (!contains(job)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    new BreadthFirstIterator<>(sameTime, job).forEachRemaining(out::add);
    out.remove(0);
    return out;
  }

  /**
   * A job's pipeline: the job, every job it waits for and every job that waits for it,
   * transitively, through same-time and freshness edges alike; sorted by name. Sibling branches
   * (another dependent of an upstream) are not in it: they are not this job's concern.
   */
  public SortedSet<String> pipelineOf(String job) {
    SortedSet<String> out = new TreeSet<>();
    if (!contains(job)) {
      return out;
    }
    walk(all, job, true, out);
    walk(all, job, false, out);
    return out;
  }

  /** Every job {@code job} waits for at its own logical time, transitively, sorted by name. */
  public SortedSet<String> allUpstreamOf(String job) {
    SortedSet<String> out = new TreeSet<>();
    if (contains(job)) {
      walk(sameTime, job, true, out);
      out.remove(job);
    }
    return out;
  }

  private static void walk(
      Graph<String, DefaultEdge> graph, String from, boolean up, Set<String> seen) {
    List<String> todo = new ArrayList<>(List.of(from));
    seen.add(from);
    while (!todo.isEmpty()) {
      String j = todo.remove(todo.size() - 1);
      for (String next :
          up ? Graphs.predecessorListOf(graph, j) : Graphs.successorListOf(graph, j)) {
        if (seen.add(next)) {
          todo.add(next);
        }
      }
    }
  }

  /** An edge from an upstream job to the job that waits for it. */
  public record Edge(String from, String to, boolean freshness) {}

  /** The edges among {@code jobs}, sorted by upstream then dependent. */
  public List<Edge> edgesAmong(Set<String> jobs) {
    List<Edge> out = new ArrayList<>();
    for (DefaultEdge e : all.edgeSet()) {
      String from = all.getEdgeSource(e);
      String to = all.getEdgeTarget(e);
      if (jobs.contains(from) && jobs.contains(to)) {
        out.add(new Edge(from, to, !sameTime.containsEdge(from, to)));
      }
    }
    out.sort(Comparator.comparing(Edge::from).thenComparing(Edge::to));
    return out;
  }

  /**
   * One dependency cycle through any edge, as the jobs along it with the first repeated at the end
   * (e.g. {@code [a, b, a]}); empty if the graph is acyclic.
   */
  public Optional<List<String>> findCycle() {
    Set<String> onCycles = new TreeSet<>(new CycleDetector<>(all).findCycles());
    for (String start : onCycles) {
      if (all.containsEdge(start, start)) {
        return Optional.of(List.of(start, start));
      }
      for (String next : sorted(Graphs.successorListOf(all, start))) {
        GraphPath<String, DefaultEdge> back = BFSShortestPath.findPathBetween(all, next, start);
        if (back != null) {
          List<String> cycle = new ArrayList<>();
          cycle.add(start);
          cycle.addAll(back.getVertexList());
          return Optional.of(cycle);
        }
      }
    }
    return Optional.empty();
  }

  /** Every job that lies on some cycle. */
  public Set<String> jobsOnCycles() {
    return new TreeSet<>(new CycleDetector<>(all).findCycles());
  }

  /**
   * Jobs ordered so that every upstream comes before its dependents, ties by name.
   *
   * @throws IllegalStateException if the graph has a cycle
   */
  public List<String> topologicalOrder() {
    Optional<List<String>> cycle = findCycle();
    if (cycle.isPresent()) {
      throw new IllegalStateException("dependency cycle: " + String.join(" -> ", cycle.get()));
    }
    Map<String, Integer> inDegree = new TreeMap<>();
    for (String job : all.vertexSet()) {
      inDegree.put(job, all.inDegreeOf(job));
    }
    TreeSet<String> ready = new TreeSet<>();
    inDegree.forEach(
        (job, degree) -> {
          if (degree == 0) {
            ready.add(job);
          }
        });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String job = ready.pollFirst();
      order.add(job);
      for (String next : new LinkedHashSet<>(Graphs.successorListOf(all, job))) {
        if (inDegree.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    return order;
  }

  private static List<String> sorted(Collection<String> names) {
    return names.stream().distinct().sorted().toList();
  }
}
