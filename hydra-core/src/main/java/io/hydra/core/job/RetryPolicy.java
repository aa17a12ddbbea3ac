package io.hydra.core.job;

import java.time.Duration;

/**
 * How often and how soon a failed attempt is tried again: {@code max} further attempts, the n-th
 * retry waiting {@code delay * backoff^(n-1)}, capped at {@code maxDelay}.
 */
public record RetryPolicy(Integer max, Duration delay, Double backoff, Duration maxDelay) {

  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, 1.0, null);

  public RetryPolicy normalized() {
    return new RetryPolicy(
        max == null ? 0 : max,
        delay == null ? Duration.ofSeconds(30) : delay,
        backoff == null ? 2.0 : backoff,
        maxDelay);
  }

  /** Whether a run that has failed {@code failures} times may try again. */
  public boolean allowsRetryAfter(int failures) {
    return failures <= (max == null ? 0 : max);
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration delayBeforeRetry(int retry) {
    Duration base = delay == null ? Duration.ZERO : delay;
    double factor = Math.pow(backoff == null ? 1.0 : backoff, Math.max(0, retry - 1));
    double millis = base.toMillis() * factor;
    long capped = (long) Math.min(millis, Long.MAX_VALUE / 2.0);
    Duration wait = Duration.ofMillis(capped);
    if (maxDelay != null && wait.compareTo(maxDelay) > 0) {
      return maxDelay;
    }
    return wait;
  }
}
