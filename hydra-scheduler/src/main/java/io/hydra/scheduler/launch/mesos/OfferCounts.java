package io.hydra.scheduler.launch.mesos;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the Mesos launcher did with the offers it received, for the metrics endpoint: an offer is
 * either accepted (some queued task fits it) or declined; rescinded offers are counted as the
 * master withdraws them, inverse offers (maintenance) as they are declined.
 */
public final class OfferCounts {

  final LongAdder received = new LongAdder();
  final LongAdder accepted = new LongAdder();
  final LongAdder declined = new LongAdder();
  final LongAdder rescinded = new LongAdder();
  final LongAdder inverseDeclined = new LongAdder();

  public long received() {
    return received.sum();
  }

  public long accepted() {
    return accepted.sum();
  }

  public long declined() {
    return declined.sum();
  }

  public long rescinded() {
    return rescinded.sum();
  }

  public long inverseDeclined() {
    return inverseDeclined.sum();
  }
}
