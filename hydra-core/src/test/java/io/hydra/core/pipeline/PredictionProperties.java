package io.hydra.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Over random acyclic pipelines in random states: the predictions keep their meaning. */
class PredictionProperties {

  private static final Instant NOW = Instant.parse("2026-03-02T04:00:00Z");

  @Property(tries = 300)
  void aNodeNeverEndsBeforeWhatItWaitsForNorBeforeNow(
      @ForAll("pipelines") Map<String, PipelineNode> nodes) {
    Map<String, Eta> eta = Prediction.of(nodes, NOW);
    for (PipelineNode n : nodes.values()) {
      Eta e = eta.get(n.job());
      // A running node already started, whatever its upstreams do now (a re-run upstream).
      if (e.done() || n.state().equals(Optional.of(RunState.RUNNING))) {
        if (!e.blocked()) {
          assertThat(e.at()).isAfterOrEqualTo(e.done() ? n.endedAt() : NOW);
        }
        continue;
      }
      for (String up : n.upstreams()) {
        Eta u = eta.get(up);
        if (u.blocked()) {
          assertThat(e.blocked()).as("%s waits for blocked %s", n.job(), up).isTrue();
        } else if (!e.blocked()) {
          assertThat(e.at()).as("%s after %s", n.job(), up).isAfterOrEqualTo(u.at());
          assertThat(e.lowerBound() || !u.lowerBound()).isTrue();
        }
      }
      if (!e.blocked()) {
        assertThat(e.at()).isAfterOrEqualTo(NOW);
      }
    }
  }

  private record Spec(RunState state, Integer minutes, int edges) {}

  @Provide
  Arbitrary<Map<String, PipelineNode>> pipelines() {
    Arbitrary<RunState> states = Arbitraries.of(RunState.values()).injectNull(0.3); // pending
    Arbitrary<Integer> minutes = Arbitraries.integers().between(0, 300).injectNull(0.2);
    Arbitrary<Integer> edges = Arbitraries.integers().between(0, 255);
    return Combinators.combine(states, minutes, edges)
        .as(Spec::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8)
        .map(PredictionProperties::build);
  }

  /** Node i may wait for any node before it (bit j of its edges): acyclic by construction. */
  private static Map<String, PipelineNode> build(List<Spec> specs) {
    Map<String, PipelineNode> out = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      List<String> ups = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if ((spec.edges() >> j & 1) == 1) {
          ups.add("j" + j);
        }
      }
      RunState s = spec.state();
      out.put(
          "j" + i,
          new PipelineNode(
              "j" + i,
              Optional.ofNullable(s),
              s == null ? null : NOW.minus(Duration.ofMinutes(90)),
              s != null && s.isTerminal() ? NOW.minus(Duration.ofMinutes(10)) : null,
              Optional.ofNullable(spec.minutes()).map(Duration::ofMinutes),
              ups));
    }
    return out;
  }
}
