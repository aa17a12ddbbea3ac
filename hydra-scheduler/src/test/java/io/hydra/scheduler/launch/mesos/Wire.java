package io.hydra.scheduler.launch.mesos;

import io.hydra.core.run.TaskLocation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * What stands between one launcher (one Hydra process) and the master in the stateful test. It
 * delays calls at random, so that a call handed over outside the launcher's lock would be overtaken
 * by one decided after it (the stalled burst of issue #19 needed exactly that); and it can die,
 * which is the process dying mid-step: after a given number of calls, or right after the journal
 * commits a launch (so the ACCEPT never leaves). A dead wire sends nothing, records nothing and
 * reports nothing.
 */
final class Wire implements UnaryOperator<Consumer<Call.Builder>> {

  /** How often a call is delayed, and by at most how much. */
  private static final double DELAY_CHANCE = 0.5;

  private static final long MAX_DELAY_NANOS = 2_000_000;

  /** Calls of this type are always delayed this long (a regression example's slow SUPPRESS). */
  private volatile Call.Type slowType;

  private volatile long slowNanos;

  private volatile boolean dead;
  private int callsLeft = -1;
  private boolean dieAfterJournal;

  @Override
  public Consumer<Call.Builder> apply(Consumer<Call.Builder> send) {
    return call -> {
      if (!spend()) {
        return;
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      if (call.getType() == slowType) {
        LockSupport.parkNanos(slowNanos);
      } else if (random.nextDouble() < DELAY_CHANCE) {
        LockSupport.parkNanos(random.nextLong(MAX_DELAY_NANOS));
      }
      send.accept(call);
    };
  }

  /** Every call of this type is delayed by {@code delay} on its way. */
  void slow(Call.Type type, Duration delay) {
    slowNanos = delay.toNanos();
    slowType = type;
  }

  /** The process dies after {@code calls} more calls. */
  synchronized void dieAfterCalls(int calls) {
    callsLeft = calls;
    if (calls == 0) {
      dead = true;
    }
  }

  /** The process dies just after the next launch is journaled, before its ACCEPT. */
  synchronized void dieAfterNextJournal() {
    dieAfterJournal = true;
  }

  synchronized void die() {
    dead = true;
  }

  boolean dead() {
    return dead;
  }

  /** The journal as this process writes it: nothing once dead. */
  LaunchJournal journal(LaunchJournal journal) {
    return (ids, agent) -> record(journal, ids, agent);
  }

  private synchronized void record(LaunchJournal journal, List<String> ids, TaskLocation agent) {
    if (dead) {
      throw new IllegalStateException("the process is dead");
    }
    journal.recordSent(ids, agent);
    if (dieAfterJournal) {
      dead = true;
    }
  }

  private synchronized boolean spend() {
    if (dead) {
      return false;
    }
    if (callsLeft > 0 && --callsLeft == 0) {
      dead = true;
    }
    return true;
  }
}
