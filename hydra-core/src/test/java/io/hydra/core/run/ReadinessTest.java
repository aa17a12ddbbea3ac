package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.TriggerRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static Map<String, Optional<RunState>> upstreams(Object... pairs) {
    Map<String, Optional<RunState>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], Optional.ofNullable((RunState) pairs[i + 1]));
    }
    return map;
  }

  @Test
  void allSuccessWaitsForMissingAndRunningUpstreams() {
    Readiness.Verdict v =
        Readiness.evaluate(TriggerRule.ALL_SUCCESS, upstreams("a", RunState.SUCCEEDED, "b", null));

    assertThat(v.state()).isEqualTo(RunState.WAITING);
    assertThat(v.reason()).contains("'b'");
  }

  @Test
  void allSuccessIsReadyWhenEveryUpstreamSucceeded() {
    assertThat(
            Readiness.evaluate(
                    TriggerRule.ALL_SUCCESS,
                    upstreams("a", RunState.SUCCEEDED, "b", RunState.SUCCEEDED))
                .state())
        .isEqualTo(RunState.QUEUED);
  }

  @Test
  void allSuccessFailsAsSoonAsOneUpstreamFailed() {
    Readiness.Verdict v =
        Readiness.evaluate(
            TriggerRule.ALL_SUCCESS, upstreams("a", RunState.RUNNING, "b", RunState.FAILED));

    assertThat(v.state()).isEqualTo(RunState.UPSTREAM_FAILED);
    assertThat(v.reason()).contains("'b'");
  }

  @Test
  void allDoneWaitsForEveryEndWhateverTheOutcome() {
    assertThat(
            Readiness.evaluate(
                    TriggerRule.ALL_DONE, upstreams("a", RunState.FAILED, "b", RunState.RETRYING))
                .state())
        .isEqualTo(RunState.WAITING);
    assertThat(
            Readiness.evaluate(
                    TriggerRule.ALL_DONE, upstreams("a", RunState.FAILED, "b", RunState.SUCCEEDED))
                .state())
        .isEqualTo(RunState.QUEUED);
  }

  @Test
  void oneFailedRunsOnTheFirstFailureAndIsSkippedWhenNoneFailed() {
    assertThat(
            Readiness.evaluate(
                    TriggerRule.ONE_FAILED, upstreams("a", RunState.RUNNING, "b", RunState.FAILED))
                .state())
        .isEqualTo(RunState.QUEUED);
    assertThat(
            Readiness.evaluate(
                    TriggerRule.ONE_FAILED,
                    upstreams("a", RunState.SUCCEEDED, "b", RunState.SUCCEEDED))
                .state())
        .isEqualTo(RunState.SKIPPED);
  }
}
