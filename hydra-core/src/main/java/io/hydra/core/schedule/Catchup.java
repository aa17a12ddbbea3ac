package io.hydra.core.schedule;

import io.hydra.core.job.CatchupPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the fires that are due now into those to run and those to record as missed
 * (docs/scheduling.md, Missed fires and catch-up): {@code latest} runs the most recent, {@code all}
 * runs each, {@code none} runs none that is late; a fire later than its {@code startingDeadline} is
 * missed under every policy.
 */
public final class Catchup {

  /**
   * Under {@code none}, a fire this late is a catch-up and is not run. A running engine starts a
   * fire within milliseconds, so a minute separates "on time" from "missed" without doubt.
   */
  public static final Duration ON_TIME = Duration.ofMinutes(1);

  private Catchup() {}

  /** The outcome: fires to run (oldest first) and fires to record as skipped (missed). */
  public record Plan(List<Instant> run, List<Instant> missed) {}

  /**
   * @param due fire times that are due, oldest first, all at or before {@code now}
   * @param startingDeadline how late a fire may still start; null for no bound
   */
  public static Plan plan(
      List<Instant> due, CatchupPolicy policy, Duration startingDeadline, Instant now) {
    List<Instant> run = new ArrayList<>();
    List<Instant> missed = new ArrayList<>();
    for (int i = 0; i < due.size(); i++) {
      Instant fire = due.get(i);
      boolean latest = i == due.size() - 1;
      boolean inTime = startingDeadline == null || !now.isAfter(fire.plus(startingDeadline));
      boolean onTime = !now.isAfter(fire.plus(ON_TIME));
      if (inTime && wanted(policy, latest, onTime)) {
        run.add(fire);
      } else {
        missed.add(fire);
      }
    }
    return new Plan(run, missed);
  }

  private static boolean wanted(CatchupPolicy policy, boolean latest, boolean onTime) {
    return switch (policy) {
      case ALL -> true;
      case LATEST -> latest;
      case NONE -> latest && onTime;
    };
  }
}
