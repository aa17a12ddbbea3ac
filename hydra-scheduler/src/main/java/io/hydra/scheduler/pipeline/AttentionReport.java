package io.hydra.scheduler.pipeline;

import java.time.Instant;
import java.util.List;

/**
 * What needs a person: the failed, upstream-failed and killed runs of the last day and the runs
 * predicted to miss their deadline, grouped by pipeline and logical time, newest logical time
 * first.
 *
 * @param since the start of the window of ended runs
 * @param truncated more problem runs ended than the report reads; the oldest logical times are left
 *     out
 */
public record AttentionReport(Instant since, boolean truncated, List<Group> groups) {

  /**
   * The runs of one pipeline at one logical time that need a person, root causes first.
   *
   * @param pipeline the job of its first root cause (or of its first run, without one): the name it
   *     goes by
   */
  public record Group(String pipeline, Instant logicalTime, List<Item> items) {}

  /**
   * One run.
   *
   * @param rootCause it failed or was killed while none of its upstreams in the group did: the
   *     first failure, to look at first
   * @param blocks how many downstream jobs at its logical time wait on it in vain: upstream-failed,
   *     waiting, or without a run yet
   * @param atRisk it has not ended and is predicted to miss its job's deadline
   */
  public record Item(
      long runId,
      String job,
      String state,
      String reason,
      Instant endedAt,
      boolean rootCause,
      int blocks,
      boolean atRisk,
      Instant deadline,
      Instant eta,
      boolean etaLowerBound) {}
}
