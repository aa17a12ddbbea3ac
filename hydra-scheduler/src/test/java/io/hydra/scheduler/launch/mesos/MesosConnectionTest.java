package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.testing.Await;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** The launcher's connection to the master: failover, redirects, heartbeats, credentials. */
class MesosConnectionTest extends MesosLauncherFixture {

  @Test
  void aDroppedConnectionResubscribesAsTheSameFrameworkAndReconcilesWithoutRelaunching() {
    start();
    String id = "hydra.etl.2000.1";
    launcher.launch(request(id, "sleep 100"));
    statuses.await(id, TaskState.RUNNING);
    String framework = master.frameworkId();

    master.dropConnection();
    Await.until("resubscribed", WAIT, () -> master.subscriptions().size() == 2);
    assertThat(master.subscriptions().get(1)).isEqualTo(framework);
    Await.until(
        "explicit reconciliation of the running task",
        WAIT,
        () ->
            master.calls(Call.Type.RECONCILE).stream()
                .anyMatch(
                    c ->
                        c.getReconcile().getTasksList().stream()
                            .anyMatch(t -> t.getTaskId().getValue().equals(id))));
    statuses.await(id, TaskState.RUNNING, 2);

    master.update(id, Protos.TaskState.TASK_FINISHED, null);
    statuses.await(id, TaskState.SUCCEEDED);
    assertThat(master.launches(id)).isEqualTo(1);
    assertThat(master.frameworkId()).isEqualTo(framework);
  }

  @Test
  void anUpdateNotYetAcknowledgedIsRedeliveredAfterAReconnect() {
    start();
    String id = "hydra.etl.3000.1";
    statuses.hold(true);
    launcher.launch(request(id, "true"));
    TaskStatus running = statuses.await(id, TaskState.RUNNING);

    master.dropConnection();
    Await.until("resubscribed", WAIT, () -> master.subscriptions().size() == 2);
    statuses.await(id, TaskState.RUNNING, 2);
    assertThat(master.unacknowledged()).isEqualTo(1);
    launcher.acknowledge(running);
    Await.until("acknowledged on the new stream", WAIT, () -> master.unacknowledged() == 0);
  }

  @Test
  void missedHeartbeatsMakeTheLauncherReconnect() {
    start();
    master.heartbeats(false);
    Await.until(
        "reconnected after silent heartbeats", WAIT, () -> master.subscriptions().size() >= 2);
    master.heartbeats(true);
    Await.until("subscribed again", WAIT, master::subscribed);
    assertThat(master.subscriptions())
        .allMatch(id -> id.isEmpty() || id.equals(master.frameworkId()));
  }

  @Test
  void aNonLeadingMasterRedirectsToTheLeader() {
    try (FakeMesosMaster follower = new FakeMesosMaster().allocationInterval(ALLOCATION)) {
      follower.redirectTo(master.uri());
      start(config(List.of(follower.uri())));
      Await.until("subscribed with the leader", WAIT, master::subscribed);
      String id = "hydra.etl.4000.1";
      launcher.launch(request(id, "true"));
      statuses.await(id, TaskState.RUNNING);
      assertThat(follower.calls()).isEmpty();
    }
  }

  @Test
  void afterALeaderChangeTheSameFrameworkSubscribesWithTheNewLeader() {
    try (FakeMesosMaster next = new FakeMesosMaster().allocationInterval(ALLOCATION)) {
      start();
      String framework = master.frameworkId();
      master.redirectTo(next.uri());
      master.dropConnection();
      Await.until("subscribed with the new leader", WAIT, next::subscribed);
      assertThat(next.subscriptions()).containsExactly(framework);
      assertThat(next.violations()).isEmpty();
    }
  }

  @Test
  void anUnreachableMasterIsSkippedForTheNextOne() {
    URI dead = URI.create("http://127.0.0.1:1");
    start(config(List.of(dead, master.uri())));
    Await.until("subscribed with the second master", WAIT, master::subscribed);
  }

  @Test
  void aRemovedFrameworkSubscribesAnew() {
    start();
    String old = master.frameworkId();
    master.error("Framework has been removed");
    Await.until(
        "subscribed as a new framework",
        WAIT,
        () -> master.subscriptions().size() == 2 && master.subscribed());
    assertThat(master.subscriptions().get(1)).isEmpty();
    Await.until("new id stored", WAIT, () -> !ids.load().orElseThrow().equals(old));
  }

  @Test
  void basicAuthIsSentToAnAuthenticatedMaster() {
    master.requireAuthorization(
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString("hydra:s3cret".getBytes(StandardCharsets.UTF_8)));
    start(config(List.of(master.uri())).withCredentials("hydra", "s3cret"));
    Await.until("subscribed", WAIT, master::subscribed);
    launcher.launch(request("hydra.auth.1.1", "true"));
    statuses.await("hydra.auth.1.1", TaskState.RUNNING);
  }
}
