package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.run.IllegalTransitionException;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Re-run (alone, with downstream, with new params), mark success, skip, kill, and why. */
class OperatorActionsTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private void pipeline() {
    define("name: extract\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: transform\nafter: [extract]\ntask: {command: 'true'}\n");
    define("name: load\nafter: [transform]\ntask: {command: 'true'}\n");
  }

  @Test
  void paramsOfATriggerReachTheDownstreamRunsItCauses() {
    pipeline();
    runs.trigger("extract", T, Map.of("region", "eu"));

    Run load = awaitState("load", T, RunState.SUCCEEDED);

    assertThat(load.params()).containsEntry("region", "eu");
    assertThat(launcher.envOfLaunch("load", 1)).containsEntry("HYDRA_PARAM_REGION", "eu");
    assertThat(launcher.envOfLaunch("extract", 1)).containsEntry("HYDRA_PARAM_REGION", "eu");
  }

  @Test
  void rerunWithDownstreamRunsEveryDownstreamRunAgainInOrder() {
    pipeline();
    long extract = runs.trigger("extract", T, Map.of()).run().id();
    awaitState("load", T, RunState.SUCCEEDED);

    RunService.Rerun rerun = runs.rerun(extract, Map.of("full", "yes"), true, "oncall");

    assertThat(rerun.downstream()).extracting(Run::job).containsExactly("transform", "load");
    assertThat(rerun.downstream()).extracting(Run::state).containsOnly(RunState.WAITING);
    awaitLaunches("load", 2);
    awaitState("load", T, RunState.SUCCEEDED);
    assertThat(launcher.launched())
        .extracting(r -> r.job())
        .containsExactly("extract", "transform", "load", "extract", "transform", "load");
    assertThat(launcher.envOfLaunch("extract", 2)).containsEntry("HYDRA_PARAM_FULL", "yes");
  }

  @Test
  void rerunDownstreamPreviewListsWhatTheRerunWouldResetAndChangesNothing() {
    pipeline();
    long extract = runs.trigger("extract", T, Map.of()).run().id();
    awaitState("load", T, RunState.SUCCEEDED);
    runs.trigger("transform", T.plusSeconds(86_400), Map.of()); // another logical time: not listed

    List<Run> preview = runs.rerunDownstreamPreview(extract);

    assertThat(preview).extracting(Run::job).containsExactly("transform", "load");
    assertThat(preview).extracting(Run::state).containsOnly(RunState.SUCCEEDED);
    assertThat(runs.get(preview.get(0).id()).orElseThrow().run().state())
        .isEqualTo(RunState.SUCCEEDED);
    assertThat(runs.rerun(extract, null, true, "oncall").downstream())
        .extracting(Run::id)
        .containsExactlyElementsOf(preview.stream().map(Run::id).toList());
  }

  @Test
  void rerunAloneLeavesSucceededDownstreamRunsAsTheyAre() {
    pipeline();
    long extract = runs.trigger("extract", T, Map.of()).run().id();
    awaitState("load", T, RunState.SUCCEEDED);

    assertThat(runs.rerun(extract, null, false, "oncall").downstream()).isEmpty();
    awaitState(extract, RunState.SUCCEEDED);
    awaitLaunches("extract", 2);
    assertThat(launcher.launchesOf("transform")).isEqualTo(1);
  }

  @Test
  void markSuccessLetsDownstreamProceedWithoutRunning() {
    pipeline();
    launcher.failFirst("extract", 1);
    long extract = runs.trigger("extract", T, Map.of()).run().id();
    awaitState(extract, RunState.FAILED);
    awaitState("transform", T, RunState.UPSTREAM_FAILED);

    Run marked = runs.markSucceeded(extract, "oncall");

    assertThat(marked.reason()).isEqualTo("marked successful by oncall");
    awaitState("load", T, RunState.SUCCEEDED);
    assertThat(launcher.launchesOf("extract")).isEqualTo(1);
  }

  @Test
  void skipOfAWaitingRunSkipsItsDownstream() {
    pipeline();
    launcher.hang("extract");
    long extract = runs.trigger("extract", T, Map.of()).run().id();
    awaitState(extract, RunState.RUNNING);
    runs.kill(extract, "oncall");
    awaitState(extract, RunState.KILLED);
    Run transform = awaitState("transform", T, RunState.UPSTREAM_FAILED);

    Run skipped = runs.skip(transform.id(), "oncall");

    assertThat(skipped.state()).isEqualTo(RunState.SKIPPED);
    assertThat(runs.why(skipped.id()).reasons())
        .extracting(Why.Reason::kind)
        .containsExactly("manual");
    Run load = awaitState("load", T, RunState.SKIPPED);
    assertThat(load.reason()).contains("'transform' was skipped");
    assertThatThrownBy(() -> runs.skip(transform.id(), "oncall"))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aKilledRunIsNotRetried() {
    define(
        "name: stuck\nschedule: {cron: '0 2 * * *'}\nretries: {max: 3, delay: PT1S}\n"
            + "task: {command: 'sleep 100'}\n");
    launcher.hang("stuck");
    long id = runs.trigger("stuck", T, Map.of()).run().id();
    awaitState(id, RunState.RUNNING);

    runs.kill(id, "oncall");

    Run killed = awaitState(id, RunState.KILLED);
    assertThat(killed.reason()).contains("killed by oncall");
    assertThat(killed.retryAt()).isNull();
    assertThat(launcher.launchesOf("stuck")).isEqualTo(1);
  }

  @Test
  void whyNamesEachUpstreamRunNotYetSucceeded() {
    define("name: a\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: b\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'sleep 100'}\n");
    define("name: joined\nafter: [a, b]\ntask: {command: 'true'}\n");
    launcher.hang("b");
    long b = runs.trigger("b", T, Map.of()).run().id();
    runs.trigger("a", T, Map.of());
    Run joined = awaitState("joined", T, RunState.WAITING);

    Why.Explanation why = runs.why(joined.id());

    assertThat(why.state()).isEqualTo("waiting");
    assertThat(why.reasons())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("upstream");
              assertThat(r.job()).isEqualTo("b");
              assertThat(r.runId()).isEqualTo(b);
              assertThat(r.state()).isEqualTo("running");
              assertThat(r.logicalTime()).isEqualTo(T);
            });
  }

  @Test
  void whyOfARetryingRunGivesTheBackoffTimer() {
    define(
        "name: flaky\nschedule: {cron: '0 2 * * *'}\nretries: {max: 1, delay: PT5M}\n"
            + "task: {command: 'false'}\n");
    launcher.failFirst("flaky", 5);
    long id = runs.trigger("flaky", T, Map.of()).run().id();
    awaitState(id, RunState.RETRYING);

    List<Why.Reason> reasons = runs.why(id).reasons();

    assertThat(reasons)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("backoff");
              assertThat(r.at()).isEqualTo(START.plusSeconds(300));
            });
  }
}
