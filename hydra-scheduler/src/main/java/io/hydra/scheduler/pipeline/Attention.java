package io.hydra.scheduler.pipeline;

import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Builds the {@link AttentionReport}: the problem runs of the last day, and the unfinished runs of
 * jobs with a deadline that their pipeline view says are at risk, grouped by pipeline ({@link
 * JobGraph#pipelineOf}, joined transitively: two failures that block one job are one group) and
 * logical time.
 */
public final class Attention {

  static final Duration WINDOW = Duration.ofHours(24);

  /** Problem runs read at most; a bad night beyond this shows its newest logical times. */
  static final int MAX_PROBLEMS = 500;

  /** Unfinished runs with a deadline checked at most, oldest first: each costs a pipeline view. */
  static final int MAX_RISK_CHECKS = 50;

  private static final Set<RunState> BLOCKED = Set.of(RunState.UPSTREAM_FAILED, RunState.WAITING);

  private final Store store;

  /** The job graph as it is now (the engine's catalog, which this package does not know). */
  private final Supplier<JobGraph> graph;

  private final Clock clock;

  public Attention(Store store, Supplier<JobGraph> graph, Clock clock) {
    this.store = store;
    this.graph = graph;
    this.clock = clock;
  }

  /**
   * @param ownerVisible whether the caller may see jobs of this owner ("" for none); runs of other
   *     jobs are left out
   */
  public AttentionReport report(Predicate<String> ownerVisible) {
    Instant since = clock.now().minus(WINDOW);
    return store.read(
        tx -> {
          JobGraph graph = this.graph.get();
          Predicate<String> visible = job -> ownerVisible.test(owner(graph, job));
          List<Run> problems = tx.problemRuns().endedSince(since, MAX_PROBLEMS);
          Map<Instant, List<Candidate>> byTime = new TreeMap<>(Comparator.reverseOrder());
          problems.stream()
              .filter(r -> visible.test(r.job()))
              .forEach(r -> add(byTime, new Candidate(r, null)));
          atRisk(tx, graph, visible).forEach(c -> add(byTime, c));
          List<AttentionReport.Group> groups = new ArrayList<>();
          byTime.forEach(
              (t, candidates) ->
                  AttentionGroups.of(graph, candidates).stream()
                      .map(g -> group(tx, graph, t, g))
                      .sorted(Comparator.comparing(AttentionReport.Group::pipeline))
                      .forEach(groups::add));
          return new AttentionReport(since, problems.size() == MAX_PROBLEMS, groups);
        });
  }

  /** A run in the report: a problem run, or an unfinished one with its at-risk pipeline node. */
  record Candidate(Run run, PipelineView.Node risk) {}

  private static void add(Map<Instant, List<Candidate>> byTime, Candidate c) {
    byTime.computeIfAbsent(c.run().logicalTime(), t -> new ArrayList<>()).add(c);
  }

  private static String owner(JobGraph graph, String job) {
    return graph.spec(job).map(JobSpec::owner).orElse("");
  }

  private List<Candidate> atRisk(Tx tx, JobGraph graph, Predicate<String> visible) {
    List<String> withDeadline =
        graph.jobs().stream()
            .filter(j -> graph.spec(j).map(s -> s.deadline() != null).orElse(false))
            .filter(visible)
            .toList();
    Pipelines pipelines = new Pipelines(store, () -> graph, clock);
    List<Candidate> out = new ArrayList<>();
    List<Run> unfinished = tx.pipelineRuns().unfinishedOf(withDeadline);
    for (Run r : unfinished.subList(0, Math.min(unfinished.size(), MAX_RISK_CHECKS))) {
      PipelineView.Node node = pipelines.of(tx, r.job(), r.logicalTime()).node(r.job());
      if (node.atRisk()) {
        out.add(new Candidate(r, node));
      }
    }
    return out;
  }

  private static AttentionReport.Group group(
      Tx tx, JobGraph graph, Instant t, List<Candidate> members) {
    Set<String> failing =
        members.stream()
            .filter(c -> c.risk() == null)
            .map(c -> c.run().job())
            .collect(Collectors.toSet());
    List<AttentionReport.Item> items = new ArrayList<>();
    for (Candidate c : members) {
      boolean root = isRoot(graph, c, failing);
      items.add(item(c, root, root ? blocks(tx, graph, c.run()) : 0));
    }
    items.sort(ORDER);
    String name = items.get(0).job();
    return new AttentionReport.Group(name, t, List.copyOf(items));
  }

  /** Root causes by when they ended, then runs at risk, then the runs they hold back. */
  private static final Comparator<AttentionReport.Item> ORDER =
      Comparator.comparing((AttentionReport.Item i) -> !i.rootCause())
          .thenComparing(i -> !i.atRisk())
          .thenComparing(
              AttentionReport.Item::endedAt, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(AttentionReport.Item::job);

  private static boolean isRoot(JobGraph graph, Candidate c, Set<String> failing) {
    RunState s = c.run().state();
    return c.risk() == null
        && (s == RunState.FAILED || s == RunState.KILLED)
        && graph.upstreamOf(c.run().job()).stream().noneMatch(failing::contains);
  }

  /** Downstream jobs at the run's logical time that cannot proceed while it stays failed. */
  private static int blocks(Tx tx, JobGraph graph, Run run) {
    List<String> downstream = graph.allDownstreamOf(run.job());
    Map<String, Run> runs = tx.pipelineRuns().at(downstream, run.logicalTime());
    return (int)
        downstream.stream()
            .filter(j -> !runs.containsKey(j) || BLOCKED.contains(runs.get(j).state()))
            .count();
  }

  private static AttentionReport.Item item(Candidate c, boolean root, int blocks) {
    Run r = c.run();
    PipelineView.Node n = c.risk();
    return new AttentionReport.Item(
        r.id(),
        r.job(),
        r.state().wireName(),
        r.reason(),
        r.endedAt(),
        root,
        blocks,
        n != null,
        n == null ? null : n.deadline(),
        n == null ? null : n.eta(),
        n != null && n.etaLowerBound());
  }
}
