package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The due-time index hands out a boundary in batches: each batch is the earliest of what is due,
 * what is not yet due is never handed out, and the rest stay indexed, so that batch after batch
 * hands out every due fire exactly once. A fire brings its job's next fire back, unless the job's
 * row was re-read while it was out: then the re-read, made after the change, stands.
 */
class DueFiresTest {

  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  @Property
  void batchesHandOutEveryDueFireOnceEarliestFirstAndNothingNotDue(
      @ForAll @Size(max = 60) List<@IntRange(min = -5, max = 5) Integer> offsets,
      @ForAll @IntRange(min = 1, max = 7) int limit) {
    DueFires index = new DueFires();
    Map<String, Instant> next = new HashMap<>();
    for (int i = 0; i < offsets.size(); i++) {
      next.put("job-" + i, NOW.plusSeconds(offsets.get(i)));
    }
    index.replaceAll(next);

    List<DueFires.Entry> handedOut = new ArrayList<>();
    List<DueFires.Entry> batch;
    while (!(batch = index.takeDue(NOW, limit)).isEmpty()) {
      assertThat(batch.size()).isLessThanOrEqualTo(limit);
      handedOut.addAll(batch);
    }

    List<DueFires.Entry> due =
        next.entrySet().stream()
            .filter(e -> !e.getValue().isAfter(NOW))
            .map(e -> new DueFires.Entry(e.getValue(), e.getKey()))
            .sorted(Comparator.comparing(DueFires.Entry::at).thenComparing(DueFires.Entry::job))
            .toList();
    assertThat(handedOut).containsExactlyElementsOf(due);
    assertThat(index.isDue(NOW)).isFalse();
    // What was not due is still indexed.
    Instant later = NOW.plusSeconds(5);
    assertThat(index.takeDue(later, Integer.MAX_VALUE))
        .hasSize(offsets.size() - due.size())
        .allMatch(e -> e.at().isAfter(NOW));
  }

  /** One step against the index: {@code kind} picks the operation, the rest its arguments. */
  record Op(int kind, int job, int seconds, boolean none) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op =
        net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(-3, 3),
                Arbitraries.of(true, false))
            .as(Op::new);
    return op.list().ofMaxSize(40);
  }

  /**
   * Takes, re-reads (one job's or all), fires and failures in any order, against a model of what
   * each job's index entry must be; checked after every step.
   */
  @Property
  void aFireBringsBackItsNextFireUnlessTheJobWasReReadMeanwhile(@ForAll("ops") List<Op> ops) {
    DueFires index = new DueFires();
    Map<String, Instant> model = new HashMap<>();
    Map<String, Instant> out = new HashMap<>(); // taken: the time each was due
    Map<String, Boolean> reread = new HashMap<>();
    for (Op op : ops) {
      String job = "job-" + op.job();
      Optional<Instant> at =
          op.none() ? Optional.empty() : Optional.of(NOW.plusSeconds(op.seconds()));
      switch (op.kind()) {
        case 0 -> { // take what is due
          for (DueFires.Entry e : index.takeDue(NOW, 2)) {
            model.remove(e.job());
            out.put(e.job(), e.at());
            reread.put(e.job(), false);
          }
        }
        case 1 -> { // one job's definition changed: its row re-read
          index.update(List.of(job), at.map(t -> Map.of(job, t)).orElse(Map.of()));
          at.ifPresentOrElse(t -> model.put(job, t), () -> model.remove(job));
          reread.computeIfPresent(job, (j, r) -> true);
        }
        case 2 -> { // a new term: everything re-read
          Map<String, Instant> all = new HashMap<>(model);
          at.ifPresentOrElse(t -> all.put(job, t), () -> all.remove(job));
          index.replaceAll(all);
          model.clear();
          model.putAll(all);
          reread.replaceAll((j, r) -> true);
        }
        case 3 -> { // a taken job fired: its next fire back
          if (out.remove(job) != null) {
            index.fired(List.of(job), at.map(t -> Map.of(job, t)).orElse(Map.of()));
            if (!reread.remove(job)) {
              at.ifPresent(t -> model.put(job, t));
            }
          }
        }
        default -> { // a taken job's fire failed: put back as due
          Instant due = out.remove(job);
          if (due != null) {
            index.putBack(List.of(new DueFires.Entry(due, job)));
            if (!reread.remove(job)) {
              model.put(job, due);
            }
          }
        }
      }
      assertThat(index.snapshot()).as("after %s", op).isEqualTo(model);
    }
  }
}
