package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run takes its job's owner and priority when it is created, from the definition the engine
 * creates it from (a trigger's priority wins) or, for a dependent its upstream's end creates, from
 * its job's row.
 */
class RunOwnerAndPriorityTest extends EngineFixture {

  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");

  @Test
  void firedAndTriggeredRunsCarryTheirJobsOwnerAndPriority() {
    define(
        "name: etl\nowner: team-a\npriority: 7\nschedule: {cron: '0 * * * *'}\n"
            + "task: {command: 'true'}\n");
    define("name: plain\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n");
    // Created by its upstream's end, from the job's row rather than from a definition at hand.
    define("name: load\nowner: team-b\npriority: 3\nafter: [etl]\ntask: {command: 'true'}\n");

    advanceTo(ELEVEN);

    assertThat(run("etl", ELEVEN).orElseThrow())
        .extracting(Run::owner, Run::priority)
        .containsExactly("team-a", 7);
    assertThat(run("plain", ELEVEN).orElseThrow())
        .extracting(Run::owner, Run::priority)
        .containsExactly("", 0);
    assertThat(run("load", ELEVEN).orElseThrow())
        .extracting(Run::owner, Run::priority)
        .containsExactly("team-b", 3);

    Instant t = Instant.parse("2026-03-01T00:00:00Z");
    Run overridden = runs.trigger("etl", t, Map.of(), 9).run();
    Run own = runs.trigger("etl", t.plusSeconds(60), Map.of()).run();
    assertThat(overridden).extracting(Run::owner, Run::priority).containsExactly("team-a", 9);
    assertThat(own).extracting(Run::owner, Run::priority).containsExactly("team-a", 7);
  }
}
