package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.store.Tx;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a job change does to the job's runs that have not ended, in the transaction that stores the
 * change: a run waits only for what the job's definition now says, and a deleted job leaves no run
 * waiting for it to start.
 */
final class JobChanges {

  /** The runs a deletion ends: those that have not started and would never start now. */
  private static final Set<RunState> NOT_STARTED =
      Set.of(RunState.WAITING, RunState.QUEUED, RunState.RETRYING);

  private final RunTransitions transitions;

  JobChanges(RunTransitions transitions) {
    this.transitions = transitions;
  }

  /**
   * The job's upstreams or trigger rule changed: each of its waiting runs is decided again under
   * the new definition (an upstream dropped may have been all it waited for; a new one makes it
   * wait). Runs already decided keep their verdict.
   */
  void redefined(Tx tx, JobSpec before, JobSpec after, Instant now) {
    if (Objects.equals(before.after(), after.after())
        && Objects.equals(before.trigger(), after.trigger())) {
      return;
    }
    for (Run run : tx.runQueue().activeOf(after.name(), -1)) {
      if (run.state() != RunState.WAITING) {
        continue;
      }
      Readiness.Verdict verdict = transitions.downstream().verdict(tx, after, run.logicalTime());
      if (verdict.state() != run.state() || !verdict.why().equals(run.why())) {
        // A verdict launches and kills nothing: the dispatcher starts what it queues.
        transitions.apply(tx, run, RunLifecycle.upstreamVerdict(run.snapshot(), verdict), now);
      }
    }
  }

  /**
   * The job was deleted: its runs that have not started are skipped, so nothing shows them waiting
   * for a job that is gone. A running run goes on until its task ends (a deletion does not kill).
   */
  void deleted(Tx tx, String job, Instant now) {
    for (Run run : tx.runQueue().activeOf(job, -1)) {
      if (NOT_STARTED.contains(run.state())) {
        transitions.apply(
            tx, run, RunLifecycle.skip(run.snapshot(), Reason.of(ReasonKind.JOB_DELETED)), now);
      }
    }
  }
}
