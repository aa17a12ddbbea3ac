package io.hydra.scheduler.launch.mesos;

import java.util.HashMap;
import java.util.Map;

/**
 * The allocator's offer filters for the one framework, as the Mesos documentation describes them:
 * an offer answered with {@code Filters.refuse_seconds} (DECLINE, or the unused part of an ACCEPT)
 * keeps resources no larger than those away from the framework until it expires or a REVIVE clears
 * it. An agent with more free resources than were refused is offered again.
 */
final class FakeFilters {

  private record Refusal(double cpus, double mem, long untilNanos) {}

  private static final double EPSILON = 1e-6;

  private final Map<String, Refusal> byAgent = new HashMap<>();

  void refuse(String agentId, double cpus, double mem, double seconds, long now) {
    if (seconds <= 0) {
      return;
    }
    byAgent.put(agentId, new Refusal(cpus, mem, now + (long) (seconds * 1e9)));
  }

  boolean refuses(String agentId, double cpus, double mem, long now) {
    Refusal r = byAgent.get(agentId);
    if (r == null || now - r.untilNanos() >= 0) {
      return false;
    }
    return cpus <= r.cpus() + EPSILON && mem <= r.mem() + EPSILON;
  }

  void clear() {
    byAgent.clear();
  }

  boolean any(long now) {
    return byAgent.values().stream().anyMatch(r -> now - r.untilNanos() < 0);
  }
}
