package io.hydra.scheduler.launch.mesos;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the master should be sending offers: SUPPRESS when nothing waits, REVIVE when something
 * does and the role is suppressed or filtered. Every method is called with the launcher's lock held
 * and hands its call to the (ordered) sender before returning, so the calls reach the master in the
 * order the decisions were made: a SUPPRESS decided before new work can never arrive after that
 * work's REVIVE, which is how a burst once stalled for good.
 *
 * <p>Work that was just matched against every held offer and fit none does not revive: the REVIVE
 * would clear the refuse filters those offers set and bring the same offers back next interval, to
 * be declined again (a REVIVE and a DECLINE every second for a task too big for the cluster). It
 * waits instead for resources the filters do not cover (an agent that freed some, a new agent) or
 * for the filters to lapse. Only work the held offers were not matched against revives.
 *
 * <p>A watchdog covers whatever this reasoning misses (a call lost with a connection, a master that
 * forgot a REVIVE): work that waited {@link OfferTiming#starvedAfter} allocation intervals without
 * an offer (counted from when the refuse filters lapse) revives again, and is reported.
 */
final class Revival {

  private static final Logger log = LoggerFactory.getLogger(Revival.class);

  private final String role;
  private final OfferTiming timing;
  private final long refuseNanos;
  private final Consumer<Call.Builder> send;

  /** What the master was last told, in send order. */
  private boolean suppressed = true;

  /** Offers were declined or accepted with a refuse filter since the last REVIVE. */
  private boolean filtered;

  /** When the latest refuse filter lapses; meaningful while {@link #filtered}. */
  private long filtersLapseNanos;

  /** Since when work has waited with no offer; -1 while none waits or an offer came. */
  private long waitingSinceNanos = -1;

  private long lastReviveNanos;

  /** Since when the watchdog has found work starved of offers; -1 when it is not. */
  private long starvedSinceNanos = -1;

  /** How often the watchdog had to revive: each one a wake-up the reasoning above missed. */
  private long watchdogRevivals;

  Revival(String role, OfferTiming timing, Duration refuse, Consumer<Call.Builder> send) {
    this.role = role;
    this.timing = timing;
    this.refuseNanos = refuse.toNanos();
    this.send = send;
  }

  /**
   * A new subscription: it was made suppressed or not by an earlier guess, and the previous
   * stream's refuse filters may still hold, so the state is set outright.
   */
  void subscribed(boolean waiting, long now) {
    filtered = false;
    if (waiting) {
      revive(now);
      waitingSinceNanos = now;
    } else {
      suppress();
    }
  }

  /**
   * Work that no held or declined offer was matched against waits, and no offer is held: make sure
   * offers come, clearing the filters that could keep them away.
   */
  void newWork(long now) {
    if (suppressed || filtered) {
      revive(now);
    }
    startWaiting(now);
  }

  /**
   * Work waits that was matched against every offer held, and fit none: offers must come, but the
   * filters those offers set stay (see the class comment).
   */
  void stillWaiting(long now) {
    if (suppressed) {
      revive(now);
    }
    startWaiting(now);
  }

  private void startWaiting(long now) {
    if (waitingSinceNanos < 0) {
      waitingSinceNanos = now;
    }
  }

  void offersArrived() {
    waitingSinceNanos = -1;
    starvedSinceNanos = -1;
  }

  /** An ACCEPT or DECLINE carried a refuse filter: new work must revive to clear it. */
  void filtersSet(long now) {
    filtered = true;
    filtersLapseNanos = now + refuseNanos;
  }

  /** Nothing waits: no more offers. */
  void idle() {
    waitingSinceNanos = -1;
    starvedSinceNanos = -1;
    if (!suppressed) {
      suppress();
    }
  }

  /** Revives again if work has waited too long without an offer; returns whether it did. */
  boolean watch(boolean waiting, long now) {
    if (!waiting || waitingSinceNanos < 0) {
      return false;
    }
    long threshold = timing.starvedAfterNanos();
    // Offers kept away by our own filters are not missing until the filters lapse.
    long since =
        filtered && filtersLapseNanos - waitingSinceNanos > 0
            ? filtersLapseNanos
            : waitingSinceNanos;
    if (now - since < threshold || now - lastReviveNanos < threshold) {
      return false;
    }
    if (starvedSinceNanos < 0) {
      starvedSinceNanos = since;
    }
    log.warn(
        "Work has waited {} ms for a Mesos offer (more than {} allocation intervals); reviving"
            + " again",
        (now - waitingSinceNanos) / 1_000_000,
        timing.starvedAfter());
    watchdogRevivals++;
    revive(now);
    return true;
  }

  /** How long work has waited without an offer once the watchdog found it starved. */
  Optional<Duration> starvedFor(long now) {
    return starvedSinceNanos < 0
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(now - starvedSinceNanos));
  }

  boolean suppressed() {
    return suppressed;
  }

  long watchdogRevivals() {
    return watchdogRevivals;
  }

  private void revive(long now) {
    suppressed = false;
    filtered = false;
    lastReviveNanos = now;
    send.accept(
        Call.newBuilder()
            .setType(Call.Type.REVIVE)
            .setRevive(Call.Revive.newBuilder().addRoles(role)));
  }

  private void suppress() {
    suppressed = true;
    send.accept(
        Call.newBuilder()
            .setType(Call.Type.SUPPRESS)
            .setSuppress(Call.Suppress.newBuilder().addRoles(role)));
  }
}
