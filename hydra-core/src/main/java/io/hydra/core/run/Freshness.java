package io.hydra.core.run;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Freshness upstreams ({@code {job: X, within: W}}, docs/scheduling.md, Freshness): run (D, T)
 * needs a success of X with a logical time in [T - W, T], and fails with {@code upstream_timeout}
 * if it has none by T + W.
 */
public final class Freshness {

  private Freshness() {}

  /** The window of {@code upstream} in {@code spec}'s {@code after}, if it is a freshness edge. */
  public static Optional<Duration> within(JobSpec spec, String upstream) {
    return spec.after().stream()
        .filter(ref -> ref.job().equals(upstream) && ref.within() != null)
        .map(UpstreamRef::within)
        .findFirst();
  }

  /** When a run at {@code t} stops waiting for its freshness upstreams: T + the largest window. */
  public static Optional<Instant> deadline(JobSpec spec, Instant t) {
    return spec.after().stream()
        .map(UpstreamRef::within)
        .filter(Objects::nonNull)
        .max(Duration::compareTo)
        .map(t::plus);
  }

  /**
   * The reason of a run that timed out waiting: the windows no success fell in, and the deadline.
   */
  public static Reason timeoutReason(JobSpec spec, Instant t) {
    StringBuilder windows = new StringBuilder();
    String separator = "";
    for (UpstreamRef ref : spec.after()) {
      if (ref.within() != null) {
        windows
            .append(separator)
            .append('\'')
            .append(ref.job())
            .append("' with logical time in [")
            .append(t.minus(ref.within()))
            .append(", ")
            .append(t)
            .append(']');
        separator = " or ";
      }
    }
    return Reason.of(
        ReasonKind.UPSTREAM_TIMEOUT,
        Reason.WINDOWS,
        windows.toString(),
        Reason.DEADLINE,
        deadline(spec, t).orElse(t));
  }
}
