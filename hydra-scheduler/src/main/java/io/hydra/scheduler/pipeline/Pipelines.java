package io.hydra.scheduler.pipeline;

import io.hydra.core.graph.JobGraph;
import io.hydra.core.job.JobSpec;
import io.hydra.core.pipeline.Eta;
import io.hydra.core.pipeline.PipelineNode;
import io.hydra.core.pipeline.Prediction;
import io.hydra.core.pipeline.TypicalDuration;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.PipelineRetry;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;

/**
 * Builds a run's pipeline at its logical time ({@link PipelineView}) from the job graph, the runs
 * of that logical time and each job's history; the prediction itself is core's ({@link
 * Prediction}).
 */
public final class Pipelines {

  private final Store store;

  /** The job graph as it is now (the engine's catalog, which this package does not know). */
  private final Supplier<JobGraph> graph;

  private final Clock clock;

  public Pipelines(Store store, Supplier<JobGraph> graph, Clock clock) {
    this.store = store;
    this.graph = graph;
    this.clock = clock;
  }

  public PipelineView of(long runId) {
    return store.read(
        tx -> {
          Run run =
              tx.runReads()
                  .get(runId)
                  .orElseThrow(() -> new NotFoundException("run " + runId + " does not exist"));
          return build(tx, run.job(), run.logicalTime(), run.id());
        });
  }

  /** The pipeline of {@code job} at {@code t} (the deadline watch's view of a pending node). */
  public PipelineView of(Tx tx, String job, Instant t) {
    Run run = tx.runReads().find(job, t).orElse(null);
    return build(tx, job, t, run == null ? 0 : run.id());
  }

  private PipelineView build(Tx tx, String job, Instant t, long runId) {
    JobGraph graph = this.graph.get();
    SortedSet<String> jobs = graph.pipelineOf(job);
    if (jobs.isEmpty()) {
      jobs.add(job); // a deleted job's run still has a pipeline of one
    }
    Map<String, Run> runs = tx.pipelineRuns().at(jobs, t);
    Map<String, List<Duration>> history =
        tx.pipelineRuns().recentSuccessDurations(jobs, TypicalDuration.SAMPLE);
    Map<String, PipelineNode> nodes = new LinkedHashMap<>();
    for (String j : jobs) {
      Run r = runs.get(j);
      nodes.put(
          j,
          new PipelineNode(
              j,
              Optional.ofNullable(r).map(Run::state),
              r == null ? null : r.startedAt(),
              r == null ? null : r.endedAt(),
              TypicalDuration.of(history.getOrDefault(j, List.of())),
              graph.upstreamOf(j).stream().filter(jobs::contains).toList()));
    }
    Instant now = clock.now();
    Map<String, Eta> etas = Prediction.of(nodes, now);
    List<PipelineView.Node> out = new ArrayList<>();
    for (String j : jobs) {
      out.add(node(j, t, runs, nodes, etas, graph.spec(j).orElse(null)));
    }
    List<PipelineView.Edge> edges =
        graph.edgesAmong(jobs).stream()
            .map(
                e ->
                    new PipelineView.Edge(
                        e.from(), e.to(), e.freshness() ? "freshness" : "same_time"))
            .toList();
    return new PipelineView(runId, job, t, out, edges, retries(tx, graph, jobs, t));
  }

  /** The retries of each root of the view that has a policy or was retried, by root name. */
  private static List<PipelineView.Retries> retries(
      Tx tx, JobGraph graph, SortedSet<String> jobs, Instant t) {
    List<PipelineView.Retries> out = new ArrayList<>();
    for (String root : jobs) {
      if (!graph.upstreamOf(root).isEmpty()) {
        continue;
      }
      int max = graph.spec(root).map(JobSpec::pipelineRetries).orElse(0);
      List<PipelineRetry> rows = tx.pipelineRetries().of(root, t);
      if (max == 0 && rows.isEmpty()) {
        continue;
      }
      List<PipelineView.Retry> history =
          rows.stream()
              .map(
                  r ->
                      new PipelineView.Retry(
                          r.number(), r.state(), r.dueAt(), r.startedAt(), r.requestedBy()))
              .toList();
      Instant nextAt =
          rows.stream()
              .filter(PipelineRetry::isScheduled)
              .map(PipelineRetry::dueAt)
              .findAny()
              .orElse(null);
      int done = (int) rows.stream().filter(r -> !r.isScheduled()).count();
      out.add(new PipelineView.Retries(root, done, max, nextAt, history));
    }
    return out;
  }

  private static PipelineView.Node node(
      String job,
      Instant t,
      Map<String, Run> runs,
      Map<String, PipelineNode> nodes,
      Map<String, Eta> etas,
      JobSpec spec) {
    Run r = runs.get(job);
    Eta eta = etas.get(job);
    Instant deadline = spec == null || spec.deadline() == null ? null : t.plus(spec.deadline());
    String reason = r != null ? r.reason() : PendingReason.of(job, nodes, runs);
    return new PipelineView.Node(
        job,
        r == null ? null : r.id(),
        r == null ? "pending" : r.state().name().toLowerCase(Locale.ROOT),
        reason,
        r == null ? null : r.startedAt(),
        r == null ? null : r.endedAt(),
        deadline,
        eta.done() ? null : eta.at(),
        !eta.done() && eta.lowerBound(),
        eta.atRisk(deadline));
  }
}
