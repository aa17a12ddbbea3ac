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
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
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

  /**
   * A change: job {@code job} now waits for {@code upstreams} (indexes into the graph), and for a
   * job that does not exist if {@code ghost}.
   */
  record Change(int job, List<Integer> upstreams, boolean ghost) {}

  /**
   * A valid graph of {@code n} jobs ({@code j<i>} waits for the jobs {@code upstreams.get(i)}
   * names, all of lower numbers, so there is no cycle), then the changes.
   */
  record Scenario(int n, List<List<Integer>> upstreams, List<Change> changes) {}

  /** Valid graphs, changed (new edges, which may close cycles; unknown names): the same errors. */
  @Property(tries = 300)
  void findsWhatTheWholeGraphCheckFinds(@ForAll("scenarios") Scenario scenario) {
    Map<String, JobSpec> all = new LinkedHashMap<>();
    for (int i = 0; i < scenario.n(); i++) {
      int self = i;
      List<Integer> lower =
          self == 0
              ? List.of()
              : scenario.upstreams().get(i).stream().map(u -> u % self).distinct().toList();
      all.put("j" + i, spec(i, names(lower)));
    }
    List<String> changed = new ArrayList<>();
    for (Change change : scenario.changes()) {
      List<String> ups =
          new ArrayList<>(
              names(
                  change.upstreams().stream().filter(u -> u != change.job()).distinct().toList()));
      if (change.ghost()) {
        ups.add("ghost" + change.job());
      }
      all.put("j" + change.job(), spec(change.job(), ups));
      changed.add("j" + change.job());
    }

    SortedMap<String, List<FieldError>> whole = JobValidator.validateGraph(all.values());
    SortedMap<String, List<FieldError>> part =
        JobValidator.validateGraph(AffectedGraph.of(all, changed));

    assertThat(part).isEqualTo(new TreeMap<>(whole));
    Statistics.label("problems").collect(whole.isEmpty() ? "none" : "a cycle or unknown upstream");
    Statistics.label("problems")
        .coverage(c -> c.check("a cycle or unknown upstream").percentage(p -> p > 10));
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.integers()
        .between(5, 64)
        .flatMap(
            n -> {
              Arbitrary<List<Integer>> someJobs =
                  Arbitraries.integers().between(0, n - 1).list().ofMaxSize(3);
              Arbitrary<Change> change =
                  Combinators.combine(
                          Arbitraries.integers().between(0, n - 1),
                          someJobs,
                          Arbitraries.integers().between(0, 7).map(k -> k == 0))
                      .as(Change::new);
              return Combinators.combine(
                      someJobs.list().ofSize(n), change.list().ofMinSize(1).ofMaxSize(4))
                  .as((ups, changes) -> new Scenario(n, ups, changes));
            });
  }

  private static List<String> names(List<Integer> jobs) {
    return jobs.stream().map(i -> "j" + i).toList();
  }

  private static JobSpec spec(int i, List<String> upstreams) {
    return upstreams.isEmpty()
        ? Specs.scheduled("j" + i)
        : Specs.after(
            "j" + i, upstreams.stream().map(UpstreamRef::sameTime).toArray(UpstreamRef[]::new));
  }
}
