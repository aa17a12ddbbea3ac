package io.hydra.core.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * How long a job's run usually takes, from its recent successful runs: the 80th percentile (nearest
 * rank) of at most {@link #SAMPLE} durations. A percentile rather than a mean, so one run that hung
 * for hours moves the prediction by at most one rank; the 80th rather than the median, so that a
 * warning comes early rather than late.
 */
public final class TypicalDuration {

  /** How many recent successes count: enough to be stable, few enough to follow a trend. */
  public static final int SAMPLE = 20;

  static final double PERCENTILE = 0.8;

  private TypicalDuration() {}

  /** Empty when the job has never succeeded: there is nothing to predict from. */
  public static Optional<Duration> of(List<Duration> recentSuccesses) {
    if (recentSuccesses.isEmpty()) {
      return Optional.empty();
    }
    List<Duration> sorted =
        new ArrayList<>(recentSuccesses.subList(0, Math.min(SAMPLE, recentSuccesses.size())));
    Collections.sort(sorted);
    int rank = (int) Math.ceil(PERCENTILE * sorted.size());
    return Optional.of(sorted.get(Math.max(rank, 1) - 1));
  }
}
