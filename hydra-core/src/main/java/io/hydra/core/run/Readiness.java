package io.hydra.core.run;

import io.hydra.core.job.TriggerRule;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides whether a dependent run may start, from the states of its upstream runs for the same
 * logical time (docs/scheduling.md, Dependencies and trigger rules). A missing upstream run counts
 * as not ended yet.
 */
public final class Readiness {

  private Readiness() {}

  /**
   * Whether a run's ended state came from its upstreams (rather than from its own attempts or an
   * operator), so a change upstream, such as a re-run, may move it again.
   */
  public static boolean decidedByUpstreams(RunState state, ReasonKind kind) {
    return state == RunState.WAITING
        || state == RunState.UPSTREAM_FAILED
        || (state == RunState.SKIPPED && kind.isUpstreamVerdict());
  }

  /** The verdict, with the reason users see in the run's history. */
  public record Verdict(RunState state, Reason why) {

    public ReasonKind kind() {
      return why.kind();
    }

    /** The sentence of {@link #why}. */
    public String reason() {
      return why.text();
    }
  }

  /**
   * @param upstreams each upstream job of the run, with the state of its run for the same logical
   *     time, or empty when that run does not exist yet
   */
  public static Verdict evaluate(TriggerRule rule, Map<String, Optional<RunState>> upstreams) {
    return switch (rule) {
      case ALL_SUCCESS -> allSuccess(upstreams);
      case ALL_DONE -> allDone(upstreams);
      case ONE_FAILED -> oneFailed(upstreams);
    };
  }

  private static Verdict allSuccess(Map<String, Optional<RunState>> upstreams) {
    Optional<String> failed = firstIn(upstreams, Readiness::isFailure);
    if (failed.isPresent()) {
      return new Verdict(
          RunState.UPSTREAM_FAILED,
          Reason.of(ReasonKind.UPSTREAM_FAILED, Reason.UPSTREAM, failed.get()));
    }
    Optional<String> skipped = firstIn(upstreams, s -> s == RunState.SKIPPED);
    if (skipped.isPresent()) {
      return new Verdict(
          RunState.SKIPPED, Reason.of(ReasonKind.UPSTREAM_SKIPPED, Reason.UPSTREAM, skipped.get()));
    }
    Optional<String> pending = firstIn(upstreams, s -> s != RunState.SUCCEEDED);
    if (pending.isPresent()) {
      return waitingFor(pending.get(), "succeed");
    }
    return met("all_success", null);
  }

  private static Verdict allDone(Map<String, Optional<RunState>> upstreams) {
    Optional<String> pending = firstIn(upstreams, s -> !s.isTerminal());
    if (pending.isPresent()) {
      return waitingFor(pending.get(), "end");
    }
    return met("all_done", null);
  }

  private static Verdict oneFailed(Map<String, Optional<RunState>> upstreams) {
    Optional<String> failed = firstIn(upstreams, Readiness::isFailure);
    if (failed.isPresent()) {
      return met("one_failed", failed.get());
    }
    if (firstIn(upstreams, s -> !s.isTerminal()).isPresent()) {
      return waitingFor(null, "fail");
    }
    return new Verdict(RunState.SKIPPED, Reason.of(ReasonKind.NO_UPSTREAM_FAILED));
  }

  private static Verdict waitingFor(String upstream, String awaits) {
    return new Verdict(
        RunState.WAITING,
        Reason.of(ReasonKind.UPSTREAM_PENDING, Reason.UPSTREAM, upstream, Reason.AWAITS, awaits));
  }

  /** Ready: the trigger rule is met (under {@code one_failed}, by this upstream's failure). */
  private static Verdict met(String trigger, String upstream) {
    return new Verdict(
        RunState.QUEUED,
        Reason.of(ReasonKind.UPSTREAMS_MET, Reason.TRIGGER, trigger, Reason.UPSTREAM, upstream));
  }

  private static boolean isFailure(RunState state) {
    return state == RunState.FAILED
        || state == RunState.UPSTREAM_FAILED
        || state == RunState.KILLED;
  }

  /**
   * The first upstream (in declaration order) whose state matches; a missing run is "not ended".
   */
  private static Optional<String> firstIn(
      Map<String, Optional<RunState>> upstreams, Predicate<RunState> test) {
    for (Map.Entry<String, Optional<RunState>> e : upstreams.entrySet()) {
      boolean matches = e.getValue().map(test::test).orElse(test.test(RunState.WAITING));
      if (matches) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }
}
