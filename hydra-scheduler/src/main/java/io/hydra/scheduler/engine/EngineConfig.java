package io.hydra.scheduler.engine;

import java.time.Duration;

/**
 * Tuning of the engine loop.
 *
 * @param idlePoll how long the loop sleeps at most when nothing is due (it also wakes on events)
 * @param batchSize how many runs one step claims and commits together
 * @param maxMissedRecorded at most this many missed fires are recorded individually after a long
 *     downtime; older ones are summarised in the reason of the oldest recorded one
 * @param leaderLease how long the leader lease lasts without renewal: the longest a dead leader
 *     holds up scheduling, and how soon another instance takes over
 */
public record EngineConfig(
    Duration idlePoll, int batchSize, int maxMissedRecorded, Duration leaderLease) {

  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  public EngineConfig(Duration idlePoll, int batchSize, int maxMissedRecorded) {
    this(idlePoll, batchSize, maxMissedRecorded, DEFAULT_LEASE);
  }

  public static EngineConfig defaults() {
    return new EngineConfig(Duration.ofSeconds(1), 500, 1000, DEFAULT_LEASE);
  }

  public EngineConfig withLeaderLease(Duration lease) {
    return new EngineConfig(idlePoll, batchSize, maxMissedRecorded, lease);
  }
}
