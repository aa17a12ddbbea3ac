package io.hydra.scheduler.launch.mesos;

/**
 * Where the launcher's offers and waiting work stand, read at one instant (for tests and
 * diagnostics).
 *
 * @param queued tasks waiting for an offer
 * @param holdsOffers offers are held, waiting to be dispatched
 * @param suppressed the master was last told to stop offers
 * @param watchdogRevivals how often the watchdog had to revive (a lost REVIVE, or a missed wake-up)
 */
record OfferState(int queued, boolean holdsOffers, boolean suppressed, long watchdogRevivals) {

  /**
   * Work waits for an offer, none is held, and the launcher's last word was SUPPRESS. Never true at
   * rest: that is the lost wake-up, decided rather than observed.
   */
  boolean waitsSuppressed() {
    return queued > 0 && !holdsOffers && suppressed;
  }
}
