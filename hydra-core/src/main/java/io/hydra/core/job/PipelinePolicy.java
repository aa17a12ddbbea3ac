package io.hydra.core.job;

/**
 * What a pipeline root declares for the whole pipeline it starts: {@code retries} re-runs the
 * failed nodes of a logical time, with their downstream, once every node has ended. The shape of
 * {@code retries} is a job's own {@link RetryPolicy}, so the two read alike: {@code max} retries,
 * the n-th after {@code delay * backoff^(n-1)}, capped at {@code maxDelay}.
 */
public record PipelinePolicy(RetryPolicy retries) {

  /** The same policy with the defaults of {@link RetryPolicy#normalized()} filled in. */
  public PipelinePolicy normalized() {
    return new PipelinePolicy(retries == null ? RetryPolicy.NONE : retries.normalized());
  }

  /** How many pipeline retries this allows (0 without a policy). */
  public int maxRetries() {
    return retries == null || retries.max() == null ? 0 : retries.max();
  }
}
