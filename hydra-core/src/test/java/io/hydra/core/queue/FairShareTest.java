package io.hydra.core.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The dispatcher's order: priority, then weighted fair share across owners, then age. */
class FairShareTest {

  @Test
  void oneOwnersBacklogDoesNotHoldBackAnothersSingleRun() {
    Map<String, List<FairShare.Candidate>> queues = new LinkedHashMap<>();
    queues.put("flood", run("flood", 1, 20_000, 0));
    queues.put("etl", List.of(new FairShare.Candidate(50_000, "etl", 0)));
    List<FairShare.Candidate> order = FairShare.equal().order(queues, Map.of("flood", 30), 25);
    assertThat(order.get(0).owner()).isEqualTo("etl");
  }

  @Test
  void equalWeightsAlternateAndAHigherWeightTakesItsShare() {
    Map<String, List<FairShare.Candidate>> queues = new LinkedHashMap<>();
    queues.put("a", run("a", 1, 100, 0));
    queues.put("b", run("b", 1000, 100, 0));
    assertThat(FairShare.equal().order(queues, Map.of(), 6))
        .extracting(FairShare.Candidate::owner)
        .containsExactly("a", "b", "a", "b", "a", "b");
    FairShare twoToOne = new FairShare(Map.of("a", 2.0));
    List<FairShare.Candidate> order = twoToOne.order(queues, Map.of(), 30);
    assertThat(order.stream().filter(c -> c.owner().equals("a")).count()).isEqualTo(20);
  }

  @Test
  void priorityComesBeforeFairShare() {
    Map<String, List<FairShare.Candidate>> queues = new LinkedHashMap<>();
    queues.put("a", List.of(new FairShare.Candidate(1, "a", 0)));
    queues.put(
        "b", List.of(new FairShare.Candidate(2, "b", 5), new FairShare.Candidate(3, "b", 5)));
    assertThat(FairShare.equal().order(queues, Map.of("b", 10), 3))
        .extracting(FairShare.Candidate::id)
        .containsExactly(2L, 3L, 1L);
  }

  @Test
  void weightsMustBePositive() {
    assertThatThrownBy(() -> new FairShare(Map.of("a", 0.0)))
        .hasMessage("weight of owner 'a' must be positive");
  }

  @Test
  void dueShareIsTheWeightOverTheActiveOwners() {
    FairShare share = new FairShare(Map.of("a", 3.0));
    assertThat(share.dueShare("a", List.of("a", "b"))).isEqualTo(0.75);
    assertThat(share.dueShare("b", List.of("a"))).isEqualTo(0.25);
  }

  /**
   * Over generated queues: the order is a merge of each owner's queue (never reorders within an
   * owner) and never puts a lower priority before a higher one.
   */
  @Property(tries = 300)
  void theOrderIsAFairMergeOfTheOwnersQueues(
      @ForAll("queues") Map<String, List<FairShare.Candidate>> queues) {
    Map<String, Double> weights = Map.of("o0", 1.0, "o1", 2.0, "o2", 1.0);
    int total = queues.values().stream().mapToInt(List::size).sum();
    List<FairShare.Candidate> order = new FairShare(weights).order(queues, Map.of(), total);
    assertThat(order).hasSize(total);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      FairShare.Candidate c = order.get(i);
      int k = seen.merge(c.owner(), 1, Integer::sum) - 1;
      assertThat(queues.get(c.owner()).get(k)).as("within-owner order").isEqualTo(c);
      if (i > 0) {
        assertThat(c.priority()).isLessThanOrEqualTo(order.get(i - 1).priority());
      }
    }
  }

  /**
   * Among equal priorities, at every prefix of the order, an owner with runs left is never more
   * than one run behind any other owner's weighted share: {@code taken(p) / w(p) <= (taken(o) + 1)
   * / w(o)}.
   */
  @Property(tries = 300)
  void noOwnerWithRunsLeftFallsMoreThanOneRunBehind(
      @ForAll("queues") Map<String, List<FairShare.Candidate>> generated) {
    Map<String, Double> weights = Map.of("o0", 1.0, "o1", 2.0, "o2", 1.0);
    Map<String, List<FairShare.Candidate>> queues = new LinkedHashMap<>();
    generated.forEach(
        (o, q) ->
            queues.put(
                o,
                q.stream()
                    .map(c -> new FairShare.Candidate(c.id(), o, 0))
                    .sorted((a, b) -> Long.compare(a.id(), b.id()))
                    .toList()));
    int total = queues.values().stream().mapToInt(List::size).sum();
    List<FairShare.Candidate> order = new FairShare(weights).order(queues, Map.of(), total);
    Map<String, Integer> taken = new HashMap<>();
    for (FairShare.Candidate c : order) {
      taken.merge(c.owner(), 1, Integer::sum);
      for (String o : queues.keySet()) {
        int takenO = taken.getOrDefault(o, 0);
        if (takenO == queues.get(o).size()) {
          continue; // nothing left to be fair to
        }
        for (String p : taken.keySet()) {
          assertThat(taken.get(p) / weights.get(p))
              .as("%s after %s", p, taken)
              .isLessThanOrEqualTo((takenO + 1) / weights.get(o));
        }
      }
    }
  }

  @Provide
  Arbitrary<Map<String, List<FairShare.Candidate>>> queues() {
    Arbitrary<List<Integer>> sizes = Arbitraries.integers().between(0, 30).list().ofSize(3);
    Arbitrary<Integer> priority = Arbitraries.integers().between(0, 2);
    return Combinators.combine(sizes, priority.list().ofSize(90))
        .as(
            (n, prios) -> {
              Map<String, List<FairShare.Candidate>> out = new LinkedHashMap<>();
              long id = 1;
              for (int o = 0; o < 3; o++) {
                List<FairShare.Candidate> q = new ArrayList<>();
                for (int i = 0; i < n.get(o); i++) {
                  q.add(new FairShare.Candidate(id++ * 3 + o, "o" + o, prios.get(o * 30 + i)));
                }
                // Each owner's queue comes highest priority first, then oldest.
                q.sort(
                    (a, b) ->
                        a.priority() != b.priority()
                            ? Integer.compare(b.priority(), a.priority())
                            : Long.compare(a.id(), b.id()));
                if (!q.isEmpty()) {
                  out.put("o" + o, q);
                }
              }
              return out;
            });
  }

  private static List<FairShare.Candidate> run(String owner, long firstId, int n, int priority) {
    List<FairShare.Candidate> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new FairShare.Candidate(firstId + i, owner, priority));
    }
    return out;
  }
}
