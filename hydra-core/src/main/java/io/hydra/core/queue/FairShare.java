package io.hydra.core.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The order queued runs start in: a higher priority first; among equal priorities, capacity is
 * shared across owners by weight (weighted fair queueing). Each owner's next run is ranked by the
 * share of capacity its owner would then hold, {@code (running + taken + 1) / weight}, the lowest
 * first, so one owner's backlog of thousands waits behind another owner's single run rather than
 * the other way round. Ties go to the older run (the lower id). Pure: the store supplies each
 * owner's queue in its own order (priority, then id) and how many runs each owner has running.
 */
public final class FairShare {

  /** The weight of an owner that has none configured. */
  public static final double DEFAULT_WEIGHT = 1.0;

  private final Map<String, Double> weights;

  /** Weights by owner (a missing owner weighs {@link #DEFAULT_WEIGHT}); each must be positive. */
  public FairShare(Map<String, Double> weights) {
    weights.forEach(
        (owner, w) -> {
          if (w == null || !(w > 0) || w.isInfinite()) {
            throw new IllegalArgumentException("weight of owner '" + owner + "' must be positive");
          }
        });
    this.weights = Map.copyOf(weights);
  }

  /** Every owner weighs the same. */
  public static FairShare equal() {
    return new FairShare(Map.of());
  }

  public double weight(String owner) {
    return weights.getOrDefault(owner, DEFAULT_WEIGHT);
  }

  public Map<String, Double> weights() {
    return weights;
  }

  /** A queued run as the order sees it. */
  public record Candidate(long id, String owner, int priority) {
    public Candidate {
      Objects.requireNonNull(owner, "owner");
    }
  }

  /**
   * The first {@code limit} runs in start order.
   *
   * @param queues each owner's startable queued runs, highest priority then oldest first
   * @param running how many runs each owner has running now (a missing owner has none)
   */
  public List<Candidate> order(
      Map<String, List<Candidate>> queues, Map<String, Integer> running, int limit) {
    Map<String, Integer> next = new HashMap<>(); // index of each owner's head
    Map<String, Integer> taken = new HashMap<>();
    List<Candidate> out = new ArrayList<>();
    while (out.size() < limit) {
      Candidate best = null;
      double bestShare = 0;
      for (Map.Entry<String, List<Candidate>> q : queues.entrySet()) {
        int i = next.getOrDefault(q.getKey(), 0);
        if (i >= q.getValue().size()) {
          continue;
        }
        Candidate head = q.getValue().get(i);
        double share = shareAfter(head.owner(), running, taken);
        if (best == null || before(head, share, best, bestShare)) {
          best = head;
          bestShare = share;
        }
      }
      if (best == null) {
        break;
      }
      out.add(best);
      next.merge(best.owner(), 1, Integer::sum);
      taken.merge(best.owner(), 1, Integer::sum);
    }
    return out;
  }

  /**
   * As {@link #order}, for items of any kind: the first {@code limit} of {@code items} in start
   * order.
   *
   * @param items every owner's items, each owner's in its own queue order (priority, then age)
   */
  public <T> List<T> order(
      List<T> items,
      Function<T, String> owner,
      ToIntFunction<T> priority,
      Map<String, Integer> running,
      int limit) {
    Map<String, List<Candidate>> queues = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      String o = owner.apply(item);
      queues
          .computeIfAbsent(o, k -> new ArrayList<>())
          .add(new Candidate(i, o, priority.applyAsInt(item)));
    }
    return order(queues, running, limit).stream().map(c -> items.get((int) c.id())).toList();
  }

  /** The share of capacity {@code owner} holds once its next run starts, in weighted runs. */
  private double shareAfter(
      String owner, Map<String, Integer> running, Map<String, Integer> taken) {
    int runs = running.getOrDefault(owner, 0) + taken.getOrDefault(owner, 0) + 1;
    return runs / weight(owner);
  }

  private static boolean before(Candidate a, double shareA, Candidate b, double shareB) {
    if (a.priority() != b.priority()) {
      return a.priority() > b.priority();
    }
    if (shareA != shareB) {
      return shareA < shareB;
    }
    return a.id() < b.id();
  }

  /**
   * The share of capacity {@code owner} is due among the owners that have runs queued or running:
   * its weight over theirs, between 0 and 1.
   */
  public double dueShare(String owner, Iterable<String> activeOwners) {
    double total = 0;
    boolean counted = false;
    for (String o : activeOwners) {
      total += weight(o);
      counted |= o.equals(owner);
    }
    if (!counted) {
      total += weight(owner);
    }
    return weight(owner) / total;
  }
}
