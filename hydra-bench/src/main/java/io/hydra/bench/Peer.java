package io.hydra.bench;

import java.time.Instant;

/**
 * A scheduler under test, on its own fresh database. The harness calls, in order: {@link #prepare},
 * {@link #start}, then for burst {@link #armBurst} and {@link #releaseBurst}, for dag {@link
 * #startDag}, and finally {@link #close}. Task bodies report to the recorder.
 */
interface Peer extends AutoCloseable {

  /** Writes the workload's definitions (burst tasks not yet due), before anything is timed. */
  void prepare() throws Exception;

  /** Starts the scheduler's threads. */
  void start() throws Exception;

  /** burst: makes every prepared task due at {@code due} (before that instant). */
  void armBurst(Instant due) throws Exception;

  /** burst: called at the due instant, for a scheduler that needs to be told. */
  void releaseBurst() throws Exception;

  /** dag: starts the root now. */
  void startDag() throws Exception;

  /** Stops the scheduler and closes its connections (which flushes their statistics). */
  @Override
  void close();
}
