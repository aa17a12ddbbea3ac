package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.ForwardingLauncher;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A launcher whose launch of one job blocks (until the test lets it go) holds up neither the engine
 * loop nor anything else: other runs are dispatched, schedules fire, kills are recorded, and no
 * loop pass lasts as long as the blocked launch.
 */
class SlowLauncherTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");

  private Blocking blocking;

  /**
   * Threaded: what is tested is that the loop's thread does not wait on a launch blocked on another
   * thread, which a stepped engine (launcher called during the pass) cannot show.
   */
  @Override
  boolean stepped() {
    return false;
  }

  @Override
  Launcher launcherFor(ScriptedLauncher scripted) {
    blocking = new Blocking(scripted, "stuck");
    return blocking;
  }

  @Test
  void aBlockedLaunchHoldsUpOnlyItsOwnTask() {
    define("name: stuck\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'sleep 100'}\n");
    define("name: other\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: hourly\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("stuck");
    long stuck = runs.trigger("stuck", T, Map.of()).run().id();
    Await.until("the launch of stuck blocks", WAIT, () -> blocking.enteredAt != null);
    engine.passTimes().resetLongest();

    runs.trigger("other", T, Map.of());
    awaitState("other", T, RunState.SUCCEEDED);
    advanceTo(ELEVEN.plusSeconds(1));
    awaitState("hourly", ELEVEN, RunState.SUCCEEDED);
    long passes = engine.passTimes().count();
    runs.kill(stuck, "oncall");
    // The pass that takes the kill's wake sends it; it then waits for its task's launch.
    Await.until("two passes after the kill", WAIT, () -> engine.passTimes().count() >= passes + 2);

    assertThat(blocking.release.getCount()).as("still blocked").isEqualTo(1);
    assertThat(launcher.launchesOf("stuck")).isZero();
    Duration blockedFor = Duration.between(blocking.enteredAt, Instant.now());
    Duration longest = engine.passTimes().longest();
    System.out.printf(
        "SlowLauncherTest: launch blocked for %s so far; longest engine pass %s%n",
        blockedFor, longest);
    // Had the loop called the launcher itself, one pass would have lasted the whole block.
    assertThat(longest).isLessThan(blockedFor);

    blocking.release.countDown();
    awaitState(stuck, RunState.KILLED);
    String task =
        launcher.launched().stream()
            .filter(r -> r.job().equals("stuck"))
            .findFirst()
            .orElseThrow()
            .taskId();
    assertThat(blocking.calls).containsSubsequence("launch:" + task, "kill:" + task);
  }

  /** Blocks the launches of one job until {@link #release}; records launches and kills. */
  private static final class Blocking extends ForwardingLauncher {
    final String job;
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Instant enteredAt;

    Blocking(Launcher delegate, String job) {
      super(delegate);
      this.job = job;
    }

    @Override
    public void launch(LaunchRequest request) {
      if (request.job().equals(job)) {
        enteredAt = Instant.now();
        try {
          if (!release.await(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      calls.add("launch:" + request.taskId());
      delegate.launch(request);
    }

    @Override
    public void kill(String taskId) {
      calls.add("kill:" + taskId);
      delegate.kill(taskId);
    }
  }
}
