package io.hydra.scheduler.engine;

import java.time.Duration;

/**
 * Tuning of the engine loop.
 *
 * @param idlePoll how long the loop sleeps at most when nothing is due (it also wakes on events)
 * @param batchSize how many runs one step claims and commits together
 * @param maxMissedRecorded at most this many missed fires are recorded individually after a long
 *     downtime; older ones are summarised in the reason of the oldest recorded one
 */
public record EngineConfig(Duration idlePoll, int batchSize, int maxMissedRecorded) {

  public static EngineConfig defaults() {
    return new EngineConfig(Duration.ofSeconds(1), 200, 1000);
  }
}
