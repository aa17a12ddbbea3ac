package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/scheduling.md, Freshness and trigger rules: freshness edges with upstream_timeout, and the
 * three trigger rules.
 */
class FreshnessAndTriggerRulesTest extends EngineFixture {

  /** The first 02:00 after the fixture's start, so the daily schedule fires there. */
  private static final Instant T = Instant.parse("2026-03-03T02:00:00Z");

  private void dailyAfterFx() {
    // fx fires once a year, so only the test's triggers make it fresh.
    define("name: fx\nschedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true'}\n");
    define(
        "name: report\nschedule: {cron: '0 2 * * *'}\n"
            + "after: [{job: fx, within: PT6H}]\ntask: {command: 'true'}\n");
  }

  @Test
  void aRecentEnoughUpstreamSuccessLetsTheRunStart() {
    dailyAfterFx();
    runs.trigger("fx", T.minus(Duration.ofHours(5)), Map.of());
    awaitState("fx", T.minus(Duration.ofHours(5)), RunState.SUCCEEDED);

    advanceTo(T.plusMillis(1));

    awaitState("report", T, RunState.SUCCEEDED);
  }

  @Test
  void aRunWaitsForAFreshSuccessAndStartsWhenOneArrives() {
    dailyAfterFx();
    runs.trigger("fx", T.minus(Duration.ofHours(7)), Map.of()); // too old
    awaitState("fx", T.minus(Duration.ofHours(7)), RunState.SUCCEEDED);
    advanceTo(T.plusMillis(1));
    Run waiting = awaitState("report", T, RunState.WAITING);
    assertThat(runs.why(waiting.id()).reasons())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("upstream");
              assertThat(r.job()).isEqualTo("fx");
              assertThat(r.message()).contains("freshness").contains("upstream_timeout");
              assertThat(r.at()).isEqualTo(T.plus(Duration.ofHours(6)));
            });

    runs.trigger("fx", T.minus(Duration.ofHours(1)), Map.of());

    awaitState("report", T, RunState.SUCCEEDED);
  }

  @Test
  void withoutAFreshSuccessByTheDeadlineTheRunFailsWithUpstreamTimeout() {
    define("name: fx\nschedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true'}\n");
    define(
        "name: report\nschedule: {cron: '0 2 * * *'}\n"
            + "after: [{job: fx, within: PT6H}]\ntask: {command: 'true'}\n");
    define("name: after-report\nafter: [report]\ntask: {command: 'true'}\n");
    advanceTo(T.plusMillis(1));
    awaitState("report", T, RunState.WAITING);

    advanceTo(T.plus(Duration.ofHours(6)).plusMillis(1));

    Run failed = awaitState("report", T, RunState.FAILED);
    assertThat(failed.reason()).startsWith("upstream_timeout:").contains("'fx'");
    awaitState("after-report", T, RunState.UPSTREAM_FAILED);
    assertThat(launcher.launchesOf("report")).isZero();
  }

  @Test
  void allDoneRunsOnceEveryUpstreamEndedEvenIfOneFailed() {
    define("name: a\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: b\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'false'}\n");
    define("name: cleanup\nafter: [a, b]\ntrigger: all_done\ntask: {command: 'true'}\n");
    launcher.failFirst("b", 1);
    runs.trigger("a", T, Map.of());
    runs.trigger("b", T, Map.of());

    awaitState("cleanup", T, RunState.SUCCEEDED);
    assertThat(run("b", T).orElseThrow().state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void oneFailedRunsAFailureHandlerOnlyWhenSomethingFailed() {
    define("name: a\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: alert\nafter: [a]\ntrigger: one_failed\ntask: {command: 'true'}\n");
    Instant later = T.plus(Duration.ofDays(1));
    runs.trigger("a", T, Map.of());
    Run skipped = awaitState("alert", T, RunState.SKIPPED);
    assertThat(skipped.reason()).isEqualTo("no upstream run failed");

    launcher.failFirst("a", 1);
    runs.trigger("a", later, Map.of());

    awaitState("alert", later, RunState.SUCCEEDED);
    assertThat(launcher.launchesOf("alert")).isEqualTo(1);
  }
}
