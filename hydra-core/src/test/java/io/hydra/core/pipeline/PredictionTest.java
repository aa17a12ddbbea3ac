package io.hydra.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Predicted finishes on scripted pipelines: extract -> transform -> load, at 02:00. */
class PredictionTest {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
  private static final Instant NOW = T.plus(Duration.ofMinutes(30));

  private static PipelineNode node(
      String job, RunState state, Instant started, Duration typical, String... upstreams) {
    return new PipelineNode(
        job,
        Optional.ofNullable(state),
        started,
        state != null && state.isTerminal() ? NOW.minusSeconds(60) : null,
        Optional.ofNullable(typical),
        List.of(upstreams));
  }

  private static Map<String, PipelineNode> pipeline(PipelineNode... nodes) {
    Map<String, PipelineNode> m = new LinkedHashMap<>();
    for (PipelineNode n : nodes) {
      m.put(n.job(), n);
    }
    return m;
  }

  @Test
  void aRunningUpstreamPushesEveryPendingNodeAlongTheLongestPath() {
    Map<String, Eta> eta =
        Prediction.of(
            pipeline(
                node("extract", RunState.RUNNING, T, Duration.ofHours(2)),
                node("transform", null, null, Duration.ofHours(1), "extract"),
                node("audit", null, null, Duration.ofMinutes(10), "extract"),
                node("load", null, null, Duration.ofMinutes(30), "transform", "audit")),
            NOW);
    assertThat(eta.get("extract").at()).isEqualTo(T.plus(Duration.ofHours(2)));
    assertThat(eta.get("transform").at()).isEqualTo(T.plus(Duration.ofHours(3)));
    assertThat(eta.get("load").at()).isEqualTo(T.plus(Duration.ofMinutes(210)));
    assertThat(eta.get("load").atRisk(T.plus(Duration.ofHours(3)))).isTrue();
    assertThat(eta.get("load").atRisk(T.plus(Duration.ofHours(4)))).isFalse();
    assertThat(eta.values()).noneMatch(Eta::lowerBound);
  }

  @Test
  void aRunningNodePastItsTypicalDurationIsDueNow() {
    Map<String, Eta> eta =
        Prediction.of(pipeline(node("extract", RunState.RUNNING, T, Duration.ofMinutes(5))), NOW);
    assertThat(eta.get("extract").at()).isEqualTo(NOW);
  }

  @Test
  void aJobWithNoHistoryCountsAsNoTimeAndMakesTheEtaALowerBound() {
    Map<String, Eta> eta =
        Prediction.of(
            pipeline(
                node("extract", RunState.RUNNING, T, null),
                node("transform", null, null, Duration.ofHours(1), "extract")),
            NOW);
    assertThat(eta.get("extract").at()).isEqualTo(NOW);
    assertThat(eta.get("extract").lowerBound()).isTrue();
    assertThat(eta.get("transform").at()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(eta.get("transform").lowerBound()).isTrue();
  }

  @Test
  void aFailedUpstreamBlocksItsDownstreamAndPutsADeadlineAtRisk() {
    Map<String, Eta> eta =
        Prediction.of(
            pipeline(
                node("extract", RunState.FAILED, T, Duration.ofHours(1)),
                node("transform", RunState.UPSTREAM_FAILED, null, Duration.ofHours(1), "extract"),
                node("load", null, null, Duration.ofHours(1), "transform")),
            NOW);
    assertThat(eta.get("load").blocked()).isTrue();
    assertThat(eta.get("load").atRisk(T.plus(Duration.ofDays(1)))).isTrue();
    assertThat(eta.get("load").atRisk(null)).as("no deadline, no risk").isFalse();
  }

  @Test
  void finishedNodesEndWhenTheyDidAndAreNeverAtRisk() {
    Map<String, Eta> eta =
        Prediction.of(
            pipeline(
                node("extract", RunState.SUCCEEDED, T, Duration.ofHours(1)),
                node("transform", RunState.QUEUED, null, Duration.ofHours(1), "extract")),
            NOW);
    assertThat(eta.get("extract").done()).isTrue();
    assertThat(eta.get("extract").atRisk(T)).isFalse();
    assertThat(eta.get("transform").at()).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void theTypicalDurationIsThe80thPercentileOfTheLast20Successes() {
    assertThat(TypicalDuration.of(List.of())).isEmpty();
    assertThat(TypicalDuration.of(List.of(Duration.ofMinutes(7)))).contains(Duration.ofMinutes(7));
    List<Duration> tenWithAHang =
        List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 600).stream().map(Duration::ofMinutes).toList();
    assertThat(TypicalDuration.of(tenWithAHang))
        .as("one hung run does not move it")
        .contains(Duration.ofMinutes(8));
  }
}
