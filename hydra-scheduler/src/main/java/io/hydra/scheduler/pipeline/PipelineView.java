package io.hydra.scheduler.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * A run's pipeline at its logical time: every job it waits for and every job that waits for it,
 * with what each is doing and when it should be done.
 */
public record PipelineView(
    long runId,
    String job,
    Instant logicalTime,
    List<Node> nodes,
    List<Edge> edges,
    List<Retries> retries) {

  /** A view without pipeline retries. */
  public PipelineView(
      long runId, String job, Instant logicalTime, List<Node> nodes, List<Edge> edges) {
    this(runId, job, logicalTime, nodes, edges, List.of());
  }

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

  /**
   * The retries of the pipeline a root of this view starts (a root with {@code pipeline.retries},
   * or one an operator retried).
   *
   * @param done retries that re-ran the failed nodes
   * @param max the root's policy ({@code pipeline.retries.max}; 0 without one)
   * @param nextAt when the waiting retry is due; null when none waits
   * @param history every retry, first first
   */
  public record Retries(String root, int done, int max, Instant nextAt, List<Retry> history) {}

  /**
   * One pipeline retry.
   *
   * @param state {@code scheduled} (waiting for {@code dueAt}) or {@code started}
   * @param requestedBy the operator who asked for it; null for the policy
   */
  public record Retry(
      int number, String state, Instant dueAt, Instant startedAt, String requestedBy) {}

  /** An upstream job and the job that waits for it: {@code same_time} or {@code freshness}. */
  public record Edge(String from, String to, String kind) {}

  public Node node(String job) {
    return nodes.stream().filter(n -> n.job().equals(job)).findFirst().orElseThrow();
  }
}
