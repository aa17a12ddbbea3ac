package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.run.Hold;
import io.hydra.core.run.IllegalTransitionException;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A held run does not start, nor does its downstream, until it is released. */
class HoldTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T01:00:00Z");

  @Test
  void aHeldQueuedRunWaitsAndItsDownstreamWithItUntilReleased() {
    define("name: up\ntask: {command: 'true'}\n");
    define("name: down\nafter: [up]\ntask: {command: 'true'}\n");
    launcher.capacity(new io.hydra.core.run.Capacity(0.0, 0)); // nothing starts yet
    long up = runs.trigger("up", T, Map.of()).run().id();
    settle();
    Run held = runs.hold(up, "alice");
    assertThat(held.hold()).isEqualTo(new Hold("alice", clock.now()));
    assertThat(held.reason()).isEqualTo("held by alice");

    launcher.capacity(new io.hydra.core.run.Capacity(8.0, 65536));
    settle();
    assertThat(run(up).state()).isEqualTo(RunState.QUEUED);
    assertThat(launcher.launchesOf("up")).isZero();
    assertThat(runs.why(up).reasons())
        .first()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("held");
              assertThat(r.message()).startsWith("held by alice since " + START);
            });
    assertThat(run("down", T)).isEmpty(); // created only when up ends

    Run released = runs.release(up, "bob");
    assertThat(released.hold()).isNull();
    awaitState("down", T, RunState.SUCCEEDED);
    assertThat(run(up).state()).isEqualTo(RunState.SUCCEEDED);
    java.util.List<RunEvent> events = store.read(tx -> tx.runReads().events(up));
    assertThat(events).extracting(RunEvent::reason).contains("held by alice", "released by bob");
  }

  @Test
  void aHeldRunningRunFinishesButItsRetryWaitsForTheRelease() {
    define("name: flaky\nretries: {max: 2, delay: PT10S}\ntask: {command: 'false'}\n");
    launcher.hang("flaky");
    long id = runs.trigger("flaky", T, Map.of()).run().id();
    awaitState(id, RunState.RUNNING);
    runs.hold(id, "alice");
    assertThat(runs.why(id).reasons())
        .first()
        .extracting(Why.Reason::message)
        .asString()
        .contains("the attempt runs to its end, but a retry waits for the release");

    launcher.finishRunning("flaky", TaskState.FAILED, 1);
    awaitState(id, RunState.RETRYING);
    advanceTo(clock.now().plusSeconds(60));
    assertThat(run(id).state()).isEqualTo(RunState.QUEUED);
    assertThat(run(id).hold()).isNotNull();
    assertThat(launcher.launchesOf("flaky")).isEqualTo(1);

    launcher.succeed("flaky");
    runs.release(id, "alice");
    awaitState(id, RunState.SUCCEEDED);
    assertThat(launcher.launchesOf("flaky")).isEqualTo(2);
    assertThat(run(id).hold()).isNull();
  }

  @Test
  void aHeldWaitingRunBecomesQueuedButDoesNotStart() {
    define("name: up\ntask: {command: 'true'}\n");
    define("name: side\ntask: {command: 'true'}\n");
    define("name: down\nafter: [up, side]\ntask: {command: 'true'}\n");
    launcher.hang("up");
    long up = runs.trigger("up", T, Map.of()).run().id();
    awaitState(up, RunState.RUNNING);
    runs.trigger("side", T, Map.of());
    long down = awaitState("down", T, RunState.WAITING).id(); // created by side's end
    runs.hold(down, "alice");

    launcher.finishRunning("up", TaskState.SUCCEEDED, 0);
    awaitState(down, RunState.QUEUED);
    settle();
    assertThat(run(down).state()).isEqualTo(RunState.QUEUED);
    assertThat(launcher.launchesOf("down")).isZero();
    runs.release(down, "alice");
    awaitState(down, RunState.SUCCEEDED);
  }

  @Test
  void anEndedRunCannotBeHeldAndAFreeOneCannotBeReleased() {
    define("name: quick\ntask: {command: 'true'}\n");
    long id = runs.trigger("quick", T, Map.of()).run().id();
    awaitState(id, RunState.SUCCEEDED);
    assertThatThrownBy(() -> runs.hold(id, "alice"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("only a run that has not ended can be held");
    assertThatThrownBy(() -> runs.release(id, "alice"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("run is not held");
    assertThat(run(id).hold()).isNull();
  }
}
