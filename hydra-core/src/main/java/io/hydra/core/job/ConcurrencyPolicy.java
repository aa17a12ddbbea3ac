package io.hydra.core.job;

/** What a new run does while another run of the same job is still active. */
public enum ConcurrencyPolicy {
  FORBID,
  ALLOW,
  REPLACE,
  QUEUE
}
