package io.hydra.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.error.FieldError;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import io.hydra.core.testing.Specs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Checking only the changed jobs and what they wait for finds what checking the whole graph finds,
 * when the graph before the change was valid (as every stored catalog is).
 */
class AffectedGraphTest {

  @Test
  void aCycleThroughOneChangedJobAndUnchangedOnesIsFoundAndNamed() {
    Map<String, JobSpec> all = new LinkedHashMap<>();
    all.put("a", Specs.scheduled("a"));
    all.put("b", Specs.after("b", UpstreamRef.sameTime("a")));
    all.put("c", Specs.after("c", UpstreamRef.sameTime("b")));
    all.put("other", Specs.scheduled("other"));
    all.put("a", Specs.after("a", UpstreamRef.sameTime("c"))); // the change

    List<JobSpec> affected = AffectedGraph.of(all, List.of("a"));

    assertThat(affected).extracting(JobSpec::name).containsExactly("a", "b", "c");
    SortedMap<String, List<FieldError>> errors = JobValidator.validateGraph(affected);
    assertThat(errors).containsOnlyKeys("a", "b", "c");
    assertThat(errors.get("a"))
        .containsExactly(new FieldError("after", "dependency cycle: a -> b -> c -> a"));
  }

  /** Random valid graphs, random changes (new edges, unknown names): the same errors either way. */
  @Test
  void findsWhatTheWholeGraphCheckFinds() {
    Random random = new Random(23);
    int withProblems = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 5 + random.nextInt(60);
      Map<String, JobSpec> all = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        // Upstreams only of lower numbers: the graph before the change is acyclic.
        all.put("j" + i, spec(i, upstreams(random, i, i)));
      }
      List<String> changed = new ArrayList<>();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        int i = random.nextInt(n);
        List<String> ups = upstreams(random, n, i);
        if (random.nextInt(8) == 0) {
          ups.add("ghost" + k);
        }
        all.put("j" + i, spec(i, ups));
        changed.add("j" + i);
      }
      SortedMap<String, List<FieldError>> whole = JobValidator.validateGraph(all.values());
      SortedMap<String, List<FieldError>> part =
          JobValidator.validateGraph(AffectedGraph.of(all, changed));
      assertThat(part).as("trial %d", trial).isEqualTo(new TreeMap<>(whole));
      withProblems += whole.isEmpty() ? 0 : 1;
    }
    assertThat(withProblems).as("trials with a cycle or an unknown upstream").isGreaterThan(30);
  }

  /** Up to three distinct upstreams among {@code j0..j(bound-1)}, never {@code j<self>}. */
  private static List<String> upstreams(Random random, int bound, int self) {
    List<String> out = new ArrayList<>();
    int count = bound == 0 ? 0 : random.nextInt(4);
    for (int k = 0; k < count; k++) {
      String up = "j" + random.nextInt(bound);
      if (!out.contains(up) && !up.equals("j" + self)) {
        out.add(up);
      }
    }
    return out;
  }

  private static JobSpec spec(int i, List<String> upstreams) {
    return upstreams.isEmpty()
        ? Specs.scheduled("j" + i)
        : Specs.after(
            "j" + i, upstreams.stream().map(UpstreamRef::sameTime).toArray(UpstreamRef[]::new));
  }
}
