package io.hydra.scheduler.engine;

/** Reasons the engine itself writes, compared in code. */
final class Reasons {

  /** The kill reason of an attempt stopped for running past the job's timeout. */
  static final String TIMEOUT = "timeout";

  private Reasons() {}
}
