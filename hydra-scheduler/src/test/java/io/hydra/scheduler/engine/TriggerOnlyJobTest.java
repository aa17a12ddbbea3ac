package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job with neither a schedule nor a same-time upstream runs when triggered, at the given logical
 * time or now, with the trigger's parameters; freshness entries in its {@code after} still gate it.
 */
class TriggerOnlyJobTest extends EngineFixture {

  /** Before the fixture's clock (10:30), with its freshness deadline (T + 6 h) still ahead. */
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void aTriggerRunsItAtTheGivenTimeWithItsParameters() {
    define("name: on-demand\ntask: {command: 'true'}\n");

    Run run = runs.trigger("on-demand", T, Map.of("partition", "eu")).run();

    assertThat(run.params()).containsEntry("partition", "eu");
    awaitState("on-demand", T, RunState.SUCCEEDED);
    assertThat(launcher.launchesOf("on-demand")).isEqualTo(1);
  }

  @Test
  void itsFreshnessEntryGatesATrigger() {
    // fx fires once a year, so only the test's triggers make it fresh.
    define("name: fx\nschedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true'}\n");
    define("name: gated\nafter: [{job: fx, within: PT6H}]\ntask: {command: 'true'}\n");

    Run waiting = runs.trigger("gated", T, Map.of()).run();
    assertThat(waiting.state()).isEqualTo(RunState.WAITING);
    assertThat(runs.why(waiting.id()).reasons())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.job()).isEqualTo("fx");
              assertThat(r.at()).isEqualTo(T.plus(Duration.ofHours(6))); // then upstream_timeout
            });

    runs.trigger("fx", T.minus(Duration.ofHours(1)), Map.of());
    awaitState("fx", T.minus(Duration.ofHours(1)), RunState.SUCCEEDED);

    awaitState("gated", T, RunState.SUCCEEDED);
  }
}
