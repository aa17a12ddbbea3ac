package io.hydra.store.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for a condition with a deadline: the only way tests synchronise with background work. */
public final class Await {

  private Await() {}

  public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!Boolean.TRUE.equals(condition.get())) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(20); // polling interval, not synchronisation: the condition decides
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }

  /**
   * Whether the condition became true within the timeout: for a test that does something else when
   * it does not (a fault injected at whatever point was reached), not for asserting.
   */
  public static boolean within(Duration timeout, Supplier<Boolean> condition) {
    try {
      until("condition", timeout, condition);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Waits until the supplier returns a non-null value, and returns it. */
  public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
    Object[] holder = new Object[1];
    until(what, timeout, () -> (holder[0] = supplier.get()) != null);
    @SuppressWarnings("unchecked")
    T value = (T) holder[0];
    return value;
  }
}
