package io.hydra.core.job;

import java.time.Duration;

/**
 * One entry of a job's {@code after} list. Without {@code within} the upstream must succeed for the
 * same logical time; with it, any success with a logical time in {@code [T - within, T]} counts.
 */
public record UpstreamRef(String job, Duration within) {

  public static UpstreamRef sameTime(String job) {
    return new UpstreamRef(job, null);
  }
}
