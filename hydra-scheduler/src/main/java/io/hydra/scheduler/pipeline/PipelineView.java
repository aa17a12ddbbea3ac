package io.hydra.scheduler.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * A run's pipeline at its logical time: every job it waits for and every job that waits for it,
 * with what each is doing and when it should be done.
 */
public record PipelineView(
    long runId, String job, Instant logicalTime, List<Node> nodes, List<Edge> edges) {

  /**
   * One job of the pipeline.
   *
   * @param runId its run at the logical time; null while it has none (state {@code pending})
   * @param state the run's state, or {@code pending}
   * @param reason why it is in that state, in words
   * @param deadline when it should have succeeded (its job's {@code deadline} after the logical
   *     time); null without one
   * @param eta its predicted success; null when it has ended, or cannot succeed without someone
   *     acting
   * @param etaLowerBound a job on its path has no history: the success is at least this late
   * @param atRisk it has a deadline it is predicted to miss (or cannot meet without someone acting)
   */
  public record Node(
      String job,
      Long runId,
      String state,
      String reason,
      Instant startedAt,
      Instant endedAt,
      Instant deadline,
      Instant eta,
      boolean etaLowerBound,
      boolean atRisk) {}

  /** An upstream job and the job that waits for it: {@code same_time} or {@code freshness}. */
  public record Edge(String from, String to, String kind) {}

  public Node node(String job) {
    return nodes.stream().filter(n -> n.job().equals(job)).findFirst().orElseThrow();
  }
}
