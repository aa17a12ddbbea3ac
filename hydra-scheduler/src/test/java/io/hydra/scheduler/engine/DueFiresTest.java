package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The due-time index hands out a boundary in batches: each batch is the earliest of what is due,
 * what is not yet due is never handed out, and the rest stay indexed, so that batch after batch
 * hands out every due fire exactly once.
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
}
