package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, case 2: the launcher journals which tasks it sends where before the ACCEPT goes out,
 * and after a restart a task the master does not know is never-started or lost by that record.
 */
class MesosLaunchJournalTest {

  private static final Duration FAST = Duration.ofMillis(50);
  private static final String TASK = "hydra.journal.1000.1";

  @Test
  void theSendingIsRecordedWithItsAgentBeforeTheAcceptGoesOut() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ofMillis(2))) {
      AtomicBoolean acceptBeforeRecord = new AtomicBoolean();
      LaunchJournal checking =
          (ids, agent) -> {
            if (!rig.master.calls(Call.Type.ACCEPT).isEmpty()) {
              acceptBeforeRecord.set(true);
            }
            rig.journal.recordSent(ids, agent);
          };
      MesosLauncher launcher = rig.start(checking);
      launcher.launch(MesosRig.tiny(TASK));
      rig.statuses.await(TASK, TaskState.RUNNING);
      assertThat(acceptBeforeRecord).isFalse();
      assertThat(rig.journal.sentTo(TASK)).contains(TaskLocation.mesosAgent("a1", "127.0.0.1"));
    }
  }

  @Test
  void aTaskWhoseSendingCannotBeRecordedIsNotSentAndWaitsForTheNextOffer() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ofMillis(2))) {
      rig.journal.failWhen(ids -> true);
      MesosLauncher launcher = rig.start();
      launcher.launch(MesosRig.tiny(TASK));
      Await.until(
          "offers declined while the journal is down",
          StatusRecorder.WAIT,
          () -> rig.master.calls(Call.Type.DECLINE).size() >= 2);
      assertThat(rig.master.calls(Call.Type.ACCEPT)).isEmpty();
      assertThat(launcher.offerState().queued()).isEqualTo(1);
      rig.journal.failWhen(ids -> false);
      rig.statuses.await(TASK, TaskState.RUNNING);
      assertThat(rig.master.launches(TASK)).isEqualTo(1);
    }
  }

  /** Killed Hydra before any offer came: after the restart the attempt never started. */
  @Test
  void aCrashBeforeTheOfferLeavesAnAttemptProvenNeverStarted() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ofMillis(2))) {
      rig.master.autoOffer(false);
      MesosLauncher first = rig.start();
      first.launch(MesosRig.tiny(TASK));
      Await.until("queued", StatusRecorder.WAIT, () -> first.offerState().queued() == 1);
      rig.crash();

      MesosLauncher second = rig.start();
      second.reconcile(List.of(new KnownTask(TASK, true, null, rig.journal.wasSent(TASK))));
      TaskStatus s = rig.statuses.await(TASK, TaskState.NOT_STARTED);
      assertThat(s.message()).contains("never sent");
      assertThat(rig.master.launches(TASK)).isZero();
    }
  }

  /** Sent (recorded) but unknown to the master: it may have run, so it is lost. */
  @Test
  void aSentTaskTheMasterDoesNotKnowIsLost() throws Exception {
    try (MesosRig rig = new MesosRig(FAST, 2, 4096, Duration.ofMillis(2))) {
      MesosLauncher first = rig.start();
      first.launch(MesosRig.tiny(TASK));
      rig.statuses.await(TASK, TaskState.RUNNING);
      rig.crash();
      rig.master.forgetTask(TASK);

      MesosLauncher second = rig.start();
      second.reconcile(List.of(new KnownTask(TASK, false, null, rig.journal.wasSent(TASK))));
      TaskStatus s = rig.statuses.await(TASK, TaskState.LOST);
      assertThat(s.message()).contains("REASON_RECONCILIATION");
      assertThat(rig.statuses.count(TASK, TaskState.NOT_STARTED)).isZero();
    }
  }
}
