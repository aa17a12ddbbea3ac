package io.hydra.core.run;

import io.hydra.core.job.TriggerRule;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a dependent run may start, from the states of its upstream runs for the same
 * logical time (DESIGN section 5). A missing upstream run counts as not ended yet.
 */
public final class Readiness {

  private Readiness() {}

  private static final String UPSTREAM_PREFIX = "upstream run of '";
  private static final String NO_FAILURE = "no upstream run failed";

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
  public record Verdict(RunState state, ReasonKind kind, String reason) {}

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
          ReasonKind.UPSTREAM_FAILED,
          UPSTREAM_PREFIX + failed.get() + "' failed");
    }
    Optional<String> skipped = firstIn(upstreams, s -> s == RunState.SKIPPED);
    if (skipped.isPresent()) {
      return new Verdict(
          RunState.SKIPPED,
          ReasonKind.UPSTREAM_SKIPPED,
          UPSTREAM_PREFIX + skipped.get() + "' was skipped");
    }
    Optional<String> pending = firstIn(upstreams, s -> s != RunState.SUCCEEDED);
    if (pending.isPresent()) {
      return new Verdict(
          RunState.WAITING,
          ReasonKind.UPSTREAM_PENDING,
          "waiting for upstream run of '" + pending.get() + "' to succeed");
    }
    return new Verdict(RunState.QUEUED, ReasonKind.UPSTREAMS_MET, "all upstream runs succeeded");
  }

  private static Verdict allDone(Map<String, Optional<RunState>> upstreams) {
    Optional<String> pending = firstIn(upstreams, s -> !s.isTerminal());
    if (pending.isPresent()) {
      return new Verdict(
          RunState.WAITING,
          ReasonKind.UPSTREAM_PENDING,
          "waiting for upstream run of '" + pending.get() + "' to end");
    }
    return new Verdict(RunState.QUEUED, ReasonKind.UPSTREAMS_MET, "all upstream runs ended");
  }

  private static Verdict oneFailed(Map<String, Optional<RunState>> upstreams) {
    Optional<String> failed = firstIn(upstreams, Readiness::isFailure);
    if (failed.isPresent()) {
      return new Verdict(
          RunState.QUEUED,
          ReasonKind.UPSTREAMS_MET,
          "upstream run of '" + failed.get() + "' failed");
    }
    if (firstIn(upstreams, s -> !s.isTerminal()).isPresent()) {
      return new Verdict(
          RunState.WAITING, ReasonKind.UPSTREAM_PENDING, "waiting for an upstream run to fail");
    }
    return new Verdict(RunState.SKIPPED, ReasonKind.NO_UPSTREAM_FAILED, NO_FAILURE);
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
      Map<String, Optional<RunState>> upstreams, java.util.function.Predicate<RunState> test) {
    for (Map.Entry<String, Optional<RunState>> e : upstreams.entrySet()) {
      boolean matches = e.getValue().map(test::test).orElse(test.test(RunState.WAITING));
      if (matches) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }
}
