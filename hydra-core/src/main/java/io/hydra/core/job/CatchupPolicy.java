package io.hydra.core.job;

/** What happens to fires that were due while Hydra was down or the job was paused. */
public enum CatchupPolicy {
  /** Run none of them; each is recorded as skipped (missed). */
  NONE,
  /** Run the most recent one once; the older ones are recorded as skipped (missed). */
  LATEST,
  /** Run each of them, oldest first. */
  ALL
}
