package io.hydra.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.UpstreamRef;
import io.hydra.core.testing.Specs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobGraphTest {

  private final JobSpec extract = Specs.scheduled("extract");
  private final JobSpec fx = Specs.scheduled("fx");
  private final JobSpec transform =
      Specs.after(
          "transform",
          UpstreamRef.sameTime("extract"),
          new UpstreamRef("fx", Duration.ofHours(24)));
  private final JobSpec load = Specs.after("load", UpstreamRef.sameTime("transform"));
  private final JobSpec report =
      Specs.after("report", UpstreamRef.sameTime("load"), UpstreamRef.sameTime("extract"));

  private final JobGraph graph = JobGraph.of(List.of(report, load, transform, fx, extract));

  @Test
  void downstreamFollowsOnlySameTimeEdges() {
    assertThat(graph.downstreamOf("extract")).containsExactly("report", "transform");
    assertThat(graph.downstreamOf("fx")).isEmpty();
    assertThat(graph.dependentsOf("fx")).containsExactly("transform");
    assertThat(graph.upstreamOf("report")).containsExactly("extract", "load");
  }

  @Test
  void allDownstreamReachesTheWholeSubgraph() {
    assertThat(graph.allDownstreamOf("transform")).containsExactly("load", "report");
    assertThat(graph.allDownstreamOf("extract"))
        .containsExactlyInAnyOrder("transform", "load", "report");
    assertThat(graph.allDownstreamOf("missing")).isEmpty();
  }

  @Test
  void allUpstreamFollowsOnlySameTimeEdgesAndPipelinesBothKinds() {
    assertThat(graph.allUpstreamOf("report")).containsExactly("extract", "load", "transform");
    assertThat(graph.allUpstreamOf("transform"))
        .as("fx is a freshness edge")
        .containsExactly("extract");
    assertThat(graph.allUpstreamOf("missing")).isEmpty();
    assertThat(graph.pipelineOf("load"))
        .containsExactly("extract", "fx", "load", "report", "transform");
  }

  @Test
  void deadlinesAreTheJobsThatDeclareOne() {
    assertThat(graph.deadlines()).isEmpty();
    JobSpec late = Specs.scheduled("late");
    JobSpec withDeadline = late.toBuilder().deadline(Duration.ofHours(6)).build();
    assertThat(JobGraph.of(List.of(extract, withDeadline)).deadlines())
        .containsExactly(java.util.Map.entry("late", Duration.ofHours(6)));
  }

  @Test
  void topologicalOrderPutsUpstreamsFirst() {
    List<String> order = graph.topologicalOrder();
    assertThat(order).containsExactly("extract", "fx", "transform", "load", "report");
  }

  @Test
  void findsACycleAndNamesItsJobsInOrder() {
    JobGraph cyclic =
        JobGraph.of(
            List.of(
                extract,
                Specs.after("a", UpstreamRef.sameTime("c")),
                Specs.after("b", UpstreamRef.sameTime("a")),
                Specs.after("c", UpstreamRef.sameTime("b"))));
    assertThat(cyclic.findCycle()).contains(List.of("a", "b", "c", "a"));
    assertThat(cyclic.jobsOnCycles()).containsExactly("a", "b", "c");
    assertThatThrownBy(cyclic::topologicalOrder).hasMessageContaining("a -> b -> c -> a");
    assertThat(graph.findCycle()).isEmpty();
  }

  @Test
  void unknownUpstreamsAreLeftOut() {
    JobGraph partial = JobGraph.of(List.of(Specs.after("x", UpstreamRef.sameTime("ghost"))));
    assertThat(partial.upstreamOf("x")).isEmpty();
    assertThat(partial.contains("ghost")).isFalse();
  }
}
