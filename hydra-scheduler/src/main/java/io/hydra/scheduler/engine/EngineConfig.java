package io.hydra.scheduler.engine;

import io.hydra.core.queue.FairShare;
import java.time.Duration;

/**
 * Tuning of the engine loop.
 *
 * @param idlePoll how long the loop waits before it tries a failed step again, and how stale its
 *     view of timer rows may get while it is busy
 * @param batchSize how many runs one step claims and commits together
 * @param maxMissedRecorded at most this many missed fires are recorded individually after a long
 *     downtime; older ones are summarised in the reason of the oldest recorded one
 * @param leaderLease how long the leader lease lasts without renewal: the longest a dead leader
 *     holds up scheduling, and how soon another instance takes over
 * @param quietPoll how long the loop sleeps at most when nothing is due and nothing is heard: every
 *     change reaches it as a notification (LISTEN/NOTIFY, or a wake from this process) and every
 *     due time is known, so this is only a safety net, and each look costs some transactions
 * @param fairShare how queued runs of equal priority share capacity across owners
 */
public record EngineConfig(
    Duration idlePoll,
    int batchSize,
    int maxMissedRecorded,
    Duration leaderLease,
    Duration quietPoll,
    FairShare fairShare) {

  public EngineConfig(
      Duration idlePoll,
      int batchSize,
      int maxMissedRecorded,
      Duration leaderLease,
      Duration quietPoll) {
    this(idlePoll, batchSize, maxMissedRecorded, leaderLease, quietPoll, FairShare.equal());
  }

  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);

  /** An idle server's safety-net look: a few transactions a minute (issue 23). */
  public static final Duration DEFAULT_QUIET_POLL = Duration.ofSeconds(30);

  /** Looks at everything every {@code idlePoll}, as tests that write rows behind its back need. */
  public EngineConfig(Duration idlePoll, int batchSize, int maxMissedRecorded) {
    this(idlePoll, batchSize, maxMissedRecorded, DEFAULT_LEASE);
  }

  public EngineConfig(
      Duration idlePoll, int batchSize, int maxMissedRecorded, Duration leaderLease) {
    this(idlePoll, batchSize, maxMissedRecorded, leaderLease, idlePoll);
  }

  public static EngineConfig defaults() {
    return new EngineConfig(Duration.ofSeconds(1), 500, 1000, DEFAULT_LEASE, DEFAULT_QUIET_POLL);
  }

  public EngineConfig withLeaderLease(Duration lease) {
    return new EngineConfig(idlePoll, batchSize, maxMissedRecorded, lease, quietPoll, fairShare);
  }

  public EngineConfig withQuietPoll(Duration poll) {
    return new EngineConfig(idlePoll, batchSize, maxMissedRecorded, leaderLease, poll, fairShare);
  }

  public EngineConfig withFairShare(FairShare share) {
    return new EngineConfig(idlePoll, batchSize, maxMissedRecorded, leaderLease, quietPoll, share);
  }
}
