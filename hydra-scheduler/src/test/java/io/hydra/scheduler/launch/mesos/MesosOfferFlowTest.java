package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Offers against waiting work: no lost wake-up, no starved work, offers used in full. */
class MesosOfferFlowTest {

  private static final Logger log = LoggerFactory.getLogger(MesosOfferFlowTest.class);
  private static final Duration FAST = Duration.ofMillis(50);

  /**
   * Issue #19, case 1: a burst whose launches race the SUPPRESS of an offer cycle. Launches come
   * from four threads while tasks finish as soon as they run, so suppress and revive decisions
   * interleave in every order; all must run, and the role ends suppressed once nothing waits.
   */
  @Test
  void aBurstFromManyThreadsDrainsAndTheRoleEndsSuppressed() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ofMillis(2), 40)) {
      rig.master.finishWith(Protos.TaskState.TASK_FINISHED);
      MesosLauncher launcher = rig.start();
      int threads = 4;
      int each = 50;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> launchers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread th =
            new Thread(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (int i = 0; i < each; i++) {
                    launcher.launch(MesosRig.tiny("hydra.burst.1000." + (thread * each + i + 1)));
                    if (i % 7 == 0) {
                      Thread.yield(); // lets offers and suppressions interleave with launches
                    }
                  }
                });
        th.start();
        launchers.add(th);
      }
      go.countDown();
      for (Thread th : launchers) {
        th.join();
      }
      Await.until(
          "all " + threads * each + " tasks succeeded",
          StatusRecorder.WAIT,
          () -> rig.statuses.tasksIn(TaskState.SUCCEEDED) == threads * each);
      Await.until("idle framework suppressed", StatusRecorder.WAIT, rig.master::suppressed);
      assertThat(launcher.offerState().watchdogRevivals())
          .as("wake-ups the watchdog had to make")
          .isZero();
    }
  }

  /** A REVIVE the master never applies: the watchdog revives again within a few intervals. */
  @Test
  void aLostReviveIsRepeatedByTheWatchdog() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ofMillis(2))) {
      MesosLauncher launcher = rig.start();
      Await.until("subscribed suppressed", StatusRecorder.WAIT, rig.master::suppressed);
      Await.until(
          "the subscription's SUPPRESS",
          StatusRecorder.WAIT,
          () -> types(rig.master.calls()).equals(List.of(Call.Type.SUPPRESS)));
      rig.master.loseRevives(1);
      launcher.launch(MesosRig.tiny("hydra.lost.1000.1"));
      rig.statuses.await("hydra.lost.1000.1", TaskState.RUNNING);
      assertThat(launcher.offerState().watchdogRevivals()).isEqualTo(1);
      assertThat(rig.master.calls(Call.Type.REVIVE))
          .as("the lost one and the watchdog's: %s", types(rig.master.calls()))
          .hasSize(2);
    }
  }

  private static List<Call.Type> types(List<Call> calls) {
    return calls.stream().map(Call::getType).toList();
  }

  /**
   * A task too big for every agent costs one DECLINE per refuse filter, not a REVIVE and a DECLINE
   * every allocation interval; and it is not forgotten: an agent that can take it is offered and
   * used at once.
   */
  @Test
  void workThatFitsNoOfferWaitsWithoutChurningAndRunsWhenAnAgentCanTakeIt() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ZERO)) {
      rig.master.autoOffer(false);
      MesosLauncher launcher = rig.start();
      LaunchRequest big = MesosRig.sized("hydra.big.1000.1", 4, 128);
      launcher.launch(big);
      Await.until("revived for the big task", StatusRecorder.WAIT, () -> !rig.master.suppressed());
      for (int cycle = 0; cycle < 20; cycle++) {
        rig.master.allocate();
        Await.until(
            "every offer answered",
            StatusRecorder.WAIT,
            () -> rig.master.outstandingOffers().isEmpty());
      }
      assertThat(types(rig.master.calls()))
          .as("one REVIVE for the task, one DECLINE whose filter outlasts the 20 cycles")
          .containsExactly(Call.Type.SUPPRESS, Call.Type.REVIVE, Call.Type.DECLINE);
      rig.master.agent("a2", "host2", java.util.Map.of(), 8, 8192);
      rig.master.allocate();
      rig.statuses.await("hydra.big.1000.1", TaskState.RUNNING);
      assertThat(launcher.offerState().watchdogRevivals()).isZero();
    }
  }

  /** The watchdog counts from when the launcher's own refuse filters lapse. */
  @Test
  void theWatchdogWaitsForOwnFiltersToLapse() {
    List<Call.Type> sent = new ArrayList<>();
    OfferTiming timing = new OfferTiming(Duration.ofSeconds(1), Duration.ZERO, 3);
    Revival r = new Revival("*", timing, Duration.ofSeconds(5), c -> sent.add(c.getType()));
    long t0 = 1_000_000_000L;
    r.newWork(t0);
    r.offersArrived();
    r.filtersSet(t0);
    r.stillWaiting(t0);
    assertThat(sent)
        .as("fitted nothing: no REVIVE to clear the filter")
        .containsExactly(Call.Type.REVIVE);
    assertThat(r.watch(true, t0 + Duration.ofMillis(7900).toNanos())).isFalse();
    assertThat(r.watch(true, t0 + Duration.ofMillis(8100).toNanos())).isTrue();
    r.newWork(t0 + Duration.ofSeconds(9).toNanos());
    assertThat(sent).containsExactly(Call.Type.REVIVE, Call.Type.REVIVE);
    r.filtersSet(t0 + Duration.ofSeconds(10).toNanos());
    r.newWork(t0 + Duration.ofSeconds(10).toNanos());
    assertThat(sent)
        .as("new work clears the filters")
        .containsExactly(Call.Type.REVIVE, Call.Type.REVIVE, Call.Type.REVIVE);
  }

  /** The watchdog reports starvation only after {@link OfferTiming#starvedAfter} intervals. */
  @Test
  void theWatchdogRevivesAndReportsOnlyAfterSeveralIntervals() {
    List<Call.Type> sent = new ArrayList<>();
    OfferTiming timing = new OfferTiming(Duration.ofSeconds(1), Duration.ZERO, 3);
    Revival r = new Revival("*", timing, Duration.ofSeconds(5), c -> sent.add(c.getType()));
    long t0 = 1_000_000_000L;
    r.newWork(t0);
    assertThat(sent).containsExactly(Call.Type.REVIVE);
    assertThat(r.watch(true, t0 + Duration.ofMillis(2900).toNanos())).isFalse();
    assertThat(r.starvedFor(t0 + 1)).isEmpty();
    assertThat(r.watch(true, t0 + Duration.ofMillis(3100).toNanos())).isTrue();
    assertThat(sent).containsExactly(Call.Type.REVIVE, Call.Type.REVIVE);
    assertThat(r.starvedFor(t0 + Duration.ofSeconds(4).toNanos())).contains(Duration.ofSeconds(4));
    r.offersArrived();
    assertThat(r.starvedFor(t0 + Duration.ofSeconds(5).toNanos())).isEmpty();
  }

  /** A SUPPRESS decided before new work reaches the master before that work's REVIVE. */
  @Test
  void suppressAndReviveGoOutInTheOrderTheyWereDecided() {
    List<Call.Type> sent = new ArrayList<>();
    Revival r =
        new Revival("*", OfferTiming.DEFAULT, Duration.ofSeconds(5), c -> sent.add(c.getType()));
    r.subscribed(true, 1);
    r.filtersSet(2);
    r.idle();
    r.newWork(2);
    r.filtersSet(2);
    r.newWork(3);
    assertThat(sent)
        .containsExactly(Call.Type.REVIVE, Call.Type.SUPPRESS, Call.Type.REVIVE, Call.Type.REVIVE);
    assertThat(r.suppressed()).isFalse();
  }

  /**
   * Issue #19, case 3, and its measure: N tiny tasks that fit one agent, launched at once, against
   * a master allocating once a second; they all leave in one ACCEPT.
   */
  @Test
  void tinyTasksThatFitOneOfferLeaveInOneAccept() throws Exception {
    int n = Integer.getInteger("hydra.burst.tasks", 100);
    try (MesosRig rig = new MesosRig(Duration.ofSeconds(1), 2, 4096, Duration.ofMillis(100))) {
      MesosLauncher launcher = rig.start();
      long start = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        launcher.launch(MesosRig.tiny("hydra.tiny.1000." + i));
      }
      Await.until(
          n + " tasks running",
          StatusRecorder.WAIT,
          () -> rig.statuses.tasksIn(TaskState.RUNNING) == n);
      long ms = (System.nanoTime() - start) / 1_000_000;
      log.info("BURST {} tiny tasks: trigger to all running in {} ms", n, ms);
      assertThat(rig.master.calls(Call.Type.ACCEPT)).hasSize(1);
      assertThat(rig.master.calls(Call.Type.ACCEPT).get(0).getAccept().getOperations(0))
          .extracting(o -> o.getLaunch().getTaskInfosCount())
          .isEqualTo(n);
      assertThat(ms).as("one allocation interval, the linger and the updates").isLessThan(5000);
    }
  }

  /** Launches that arrive while an offer is held ride on it, instead of waiting for the next. */
  @Test
  void launchesArrivingWhileAnOfferIsHeldRideOnIt() throws Exception {
    try (MesosRig rig = new MesosRig(Duration.ofSeconds(1), 2, 4096, Duration.ofMillis(300))) {
      rig.master.autoOffer(false);
      MesosLauncher launcher = rig.start();
      launcher.launch(MesosRig.tiny("hydra.ride.1000.1"));
      Await.until("revived", StatusRecorder.WAIT, () -> !rig.master.suppressed());
      assertThat(rig.master.allocate()).hasSize(1);
      Await.until("offer held", StatusRecorder.WAIT, () -> launcher.offerState().holdsOffers());
      launcher.launch(MesosRig.tiny("hydra.ride.1000.2"));
      launcher.launch(MesosRig.tiny("hydra.ride.1000.3"));
      rig.statuses.await("hydra.ride.1000.3", TaskState.RUNNING);
      assertThat(rig.master.calls(Call.Type.ACCEPT)).hasSize(1);
    }
  }
}
