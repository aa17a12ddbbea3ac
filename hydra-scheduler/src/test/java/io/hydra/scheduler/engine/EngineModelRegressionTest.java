package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shrunk counterexamples {@link EngineModelTest} found, as plain examples on the same stepped
 * engine ({@link ModelWorld}).
 */
class EngineModelRegressionTest {

  private static final Instant T06 = Instant.parse("2026-03-02T06:00:00Z");
  private static final Instant T07 = Instant.parse("2026-03-02T07:00:00Z");
  private static final Instant T11 = Instant.parse("2026-03-02T11:00:00Z");
  private static final Instant T12 = Instant.parse("2026-03-02T12:00:00Z");

  private final ModelWorld world = new ModelWorld();

  @AfterEach
  void tearDown() {
    world.close();
  }

  private static ModelJob job(String name, String cron, List<String> after) {
    return new ModelJob(name, cron, "latest", 0, after, "all_success", "forbid", 0, 0, false);
  }

  private Optional<Run> run(String job, Instant t) {
    return world.store.read(tx -> tx.runReads().find(job, t));
  }

  /** Ends the running task of (job, t) this way. */
  private void end(String job, Instant t, TaskState state) {
    List<String> running = world.launcher.runningTasks();
    String prefix = "hydra." + job + "." + t.toEpochMilli() + ".";
    int k = 0;
    while (!running.get(k).startsWith(prefix)) {
      k++;
    }
    world.endTask(k, state, false);
  }

  /**
   * A run of a paused job held while queued, then the job resumed: the hold keeps it from starting
   * (found with the claim's hold filter and the table's guard both taken out).
   */
  @Test
  void aHeldRunOfAResumedJobDoesNotStart() {
    world.define(
        new ModelJob("c", "0 * * * *", "latest", 45, List.of(), "all_done", "queue", 0, 0, true));
    world.trigger("c", T06, Map.of());
    world.hold(0);
    world.pause("c", false);
    Run held = run("c", T06).orElseThrow();
    assertThat(held.state()).isEqualTo(RunState.QUEUED);
    assertThat(held.attempts()).isZero();
    assertThat(held.hold()).isNotNull();
    world.release(0);
    assertThat(run("c", T06).orElseThrow().state()).isEqualTo(RunState.RUNNING);
  }

  /**
   * Under {@code replace}, a newer queued run that is held keeps the older one waiting (only the
   * newest starts): the older run's why must say so rather than "ready". Found with 22 steps that
   * redefined a held job's concurrency as replace.
   */
  @Test
  void anOlderRunWaitingForAHeldNewerOneUnderReplaceSaysWhy() {
    world.define(
        new ModelJob("d", "0 * * * *", "latest", 0, List.of(), "all_success", "allow", 0, 0, true));
    world.trigger("d", T06, Map.of());
    world.trigger("d", T07, Map.of());
    world.hold(1); // the newer one
    world.define( // resumed, and now replace: only the newest queued run may start
        new ModelJob(
            "d", "0 * * * *", "latest", 0, List.of(), "all_success", "replace", 0, 0, false));
    Run older = run("d", T06).orElseThrow();
    assertThat(older.state()).isEqualTo(RunState.QUEUED);
    assertThat(world.runs.why(older.id()).reasons())
        .extracting(r -> r.kind() + ": " + r.message())
        .singleElement()
        .asString()
        .startsWith("concurrency: run ")
        .contains("concurrency: replace starts only the newest queued run");
    world.release(1);
    assertThat(run("d", T07).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThat(run("d", T06).orElseThrow().reasonKind()).isEqualTo(ReasonKind.REPLACED);
  }

  /** The contrast to the next test: a fire skipped by {@code forbid} reaches its dependents. */
  @Test
  void aFireSkippedByForbidGivesItsDependentASkippedRun() {
    world.define(job("a", "0 * * * *", List.of()));
    world.define(job("b", null, List.of("a")));
    world.trigger("a", T06, Map.of()); // its task runs on: a is active
    world.advance(Duration.ofMinutes(30));

    assertThat(run("a", T11).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    assertThat(run("b", T11).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    world.checks.afterStep();
  }

  @Test
  void aMissedFireGivesItsDependentASkippedRun() {
    world.define(job("a", "0 * * * *", List.of()));
    world.define(job("b", null, List.of("a")));
    world.advance(Duration.ofMinutes(150)); // 11:00 and 12:00 are missed, 13:00 runs (latest)

    assertThat(run("a", T11).orElseThrow().reason()).startsWith("missed:");
    assertThat(run("b", T11)).map(Run::state).contains(RunState.SKIPPED);
  }

  @Test
  void aFireSkippedWhilePausedGivesItsDependentASkippedRun() {
    world.define(job("a", "0 * * * *", List.of()).withPaused(true));
    world.define(job("b", null, List.of("a")));
    world.advance(Duration.ofMinutes(60));

    assertThat(run("a", T11).orElseThrow().reason()).startsWith("paused:");
    assertThat(run("b", T11)).map(Run::state).contains(RunState.SKIPPED);
  }

  @Test
  void cancellingABackfillLeavesNoDependentWaiting() {
    world.define(job("a", "0 * * * *", List.of()));
    world.define(job("b", "0 * * * *", List.of()));
    world.define(job("c", null, List.of("a", "b")));
    for (Instant t : List.of(T06, T07)) {
      world.trigger("b", t, Map.of());
      end("b", t, TaskState.SUCCEEDED);
    }
    assertThat(run("c", T07).orElseThrow().state()).isEqualTo(RunState.WAITING);
    world.backfill("a", T06, T07, 1); // a at 06:00 runs; a at 07:00 is not created yet

    world.cancelBackfill(0);

    assertThat(run("c", T06).orElseThrow().state()).isEqualTo(RunState.UPSTREAM_FAILED);
    // The fire time the backfill had not reached is recorded as skipped.
    assertThat(run("a", T07).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    assertThat(run("c", T07).orElseThrow().state()).isNotEqualTo(RunState.WAITING);
  }

  @Test
  void droppingAnUpstreamReleasesTheRunsWaitingForIt() {
    world.define(job("a", "0 * * * *", List.of()));
    world.define(job("b", "0 * * * *", List.of("a")));
    world.advance(Duration.ofMinutes(30)); // a at 11:00 runs, b at 11:00 waits for it
    assertThat(run("b", T11).orElseThrow().state()).isEqualTo(RunState.WAITING);

    world.define(job("b", "0 * * * *", List.of()));

    assertThat(run("b", T11).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    end("b", T11, TaskState.SUCCEEDED);
    end("a", T11, TaskState.SUCCEEDED);
    world.advance(Duration.ofMinutes(60)); // b at 12:00 has no upstream and runs
    assertThat(run("b", T12).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    world.checks.afterStep();
  }

  @Test
  void deletingAJobEndsItsWaitingRuns() {
    world.define(job("a", "0 * * * *", List.of()));
    world.define(job("b", "0 * * * *", List.of("a")));
    world.advance(Duration.ofMinutes(30)); // a at 11:00 runs, b at 11:00 waits for it
    assertThat(run("b", T11).orElseThrow().state()).isEqualTo(RunState.WAITING);

    world.delete("b");
    end("a", T11, TaskState.SUCCEEDED);

    assertThat(run("b", T11).orElseThrow().state()).isNotEqualTo(RunState.WAITING);
  }

  @Test
  void aReplaceJobRunsOneRunAtATime() {
    world.define(
        new ModelJob(
            "b", "0 * * * *", "latest", 0, List.of(), "all_success", "allow", 0, 0, false));
    world.define(
        new ModelJob("c", null, "latest", 0, List.of("b"), "all_success", "replace", 0, 0, true));
    for (Instant t : List.of(T06, T07)) {
      world.trigger("b", t, Map.of());
    }
    end("b", T06, TaskState.SUCCEEDED);
    end("b", T07, TaskState.SUCCEEDED);
    assertThat(run("c", T06).orElseThrow().state()).isEqualTo(RunState.QUEUED); // c is paused
    assertThat(run("c", T07).orElseThrow().state()).isEqualTo(RunState.QUEUED);

    world.pause("c", false);

    // The newest starts; the older one, released with it, is replaced by it.
    assertThat(run("c", T07).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    Run older = run("c", T06).orElseThrow();
    assertThat(older.state()).isEqualTo(RunState.KILLED);
    assertThat(older.reasonKind()).isEqualTo(ReasonKind.REPLACED);
  }

  @Test
  void aRerunWithDownstreamKeepsVerdictsOtherUpstreamsDecide() {
    world.define(job("a", "0 * * * *", List.of()));
    world.define(job("b", "0 * * * *", List.of()));
    world.define(job("d", null, List.of("a", "b")));
    world.trigger("a", T06, Map.of());
    world.trigger("b", T06, Map.of());
    end("a", T06, TaskState.FAILED);
    end("b", T06, TaskState.SUCCEEDED);
    assertThat(run("d", T06).orElseThrow().state()).isEqualTo(RunState.UPSTREAM_FAILED);

    Run b = run("b", T06).orElseThrow();
    world.rerun(world.allRuns().indexOf(b), true, null); // its task runs on

    assertThat(run("b", T06).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThat(run("d", T06).orElseThrow().state()).isEqualTo(RunState.UPSTREAM_FAILED);
  }
}
