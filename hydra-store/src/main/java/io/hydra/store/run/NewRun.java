package io.hydra.store.run;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import java.time.Instant;
import java.util.Map;

/**
 * What is needed to create a run. {@code backfillId} links it to the backfill that made it; {@code
 * upstreamDeadline} is when waiting on a freshness upstream turns into a failure; {@code priority}
 * overrides the job's (a trigger's or a backfill's), null for the job's own; {@code owner} is the
 * job's owner ({@code ""} for none), null to read it, as the job's own priority, from the job's row
 * as the run is written.
 */
public record NewRun(
    String job,
    Instant logicalTime,
    int jobVersion,
    RunState state,
    Reason why,
    RunCause cause,
    Map<String, String> params,
    Long backfillId,
    Instant upstreamDeadline,
    Integer priority,
    String owner) {

  public NewRun(
      String job,
      Instant logicalTime,
      int jobVersion,
      RunState state,
      Reason why,
      RunCause cause,
      Map<String, String> params,
      Long backfillId,
      Instant upstreamDeadline) {
    this(
        job,
        logicalTime,
        jobVersion,
        state,
        why,
        cause,
        params,
        backfillId,
        upstreamDeadline,
        null,
        null);
  }

  public NewRun(
      String job,
      Instant logicalTime,
      int jobVersion,
      RunState state,
      Reason why,
      RunCause cause,
      Map<String, String> params) {
    this(job, logicalTime, jobVersion, state, why, cause, params, null, null);
  }

  public ReasonKind reasonKind() {
    return why.kind();
  }

  /** The sentence of {@link #why}. */
  public String reason() {
    return why.text();
  }

  public NewRun withBackfill(long id) {
    return new NewRun(
        job,
        logicalTime,
        jobVersion,
        state,
        why,
        cause,
        params,
        id,
        upstreamDeadline,
        priority,
        owner);
  }

  public NewRun withUpstreamDeadline(Instant deadline) {
    return new NewRun(
        job,
        logicalTime,
        jobVersion,
        state,
        why,
        cause,
        params,
        backfillId,
        deadline,
        priority,
        owner);
  }

  /** This run with its own priority instead of its job's (null: the job's). */
  public NewRun withPriority(Integer value) {
    return new NewRun(
        job,
        logicalTime,
        jobVersion,
        state,
        why,
        cause,
        params,
        backfillId,
        upstreamDeadline,
        value,
        owner);
  }

  /**
   * This run with its job's owner and priority as the caller's definition of the job gives them
   * (its own priority, if set, still wins), so that writing it need not read the job's row: the
   * engine creates runs from its catalog, the same definition the run's job version names.
   */
  public NewRun withJobTerms(String jobOwner, int jobPriority) {
    return new NewRun(
        job,
        logicalTime,
        jobVersion,
        state,
        why,
        cause,
        params,
        backfillId,
        upstreamDeadline,
        priority == null ? jobPriority : priority,
        jobOwner == null ? "" : jobOwner);
  }
}
