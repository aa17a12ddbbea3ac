package io.hydra.web.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per caller: {@code perSecond} requests on average, bursts up to {@code burst}. In
 * memory per server, which is enough to stop one runaway client.
 */
public final class RateLimiter {

  private final double perSecond;
  private final double burst;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond 0 turns limiting off
   */
  public RateLimiter(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
  }

  /** 0 when the request may go ahead, else the seconds to wait before the next one may. */
  public long acquire(String caller, long nowNanos) {
    if (perSecond <= 0) {
      return 0;
    }
    return buckets.computeIfAbsent(caller, c -> new Bucket(burst, nowNanos)).take(nowNanos);
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take(long now) {
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
  }
}
