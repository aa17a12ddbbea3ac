package io.hydra.core.job;

/** When a dependent run becomes ready, given the outcomes of its upstream runs. */
public enum TriggerRule {
  /** Every upstream run succeeded; any failure makes the run {@code upstream_failed}. */
  ALL_SUCCESS,
  /** Every upstream run ended, whatever the outcome. */
  ALL_DONE,
  /** At least one upstream run failed (failure handlers). */
  ONE_FAILED
}
