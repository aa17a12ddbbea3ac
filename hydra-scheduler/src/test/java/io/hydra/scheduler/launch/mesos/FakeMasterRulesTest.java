package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.StatusRecorder;
import io.hydra.store.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test master keeps the rules of a real one that the launcher depends on, as the Mesos
 * documentation states them (docs/scheduler-http-api.md, docs/reconciliation.md, the v1 protos):
 * driven call by call through the scheduler client, allocating only when the test says so.
 */
class FakeMasterRulesTest {

  private static final Duration WAIT = StatusRecorder.WAIT;

  private FakeMesosMaster master;
  private MesosSchedulerClient client;
  private final InMemoryFrameworkIdStore ids = new InMemoryFrameworkIdStore();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private volatile boolean subscribeSuppressed;

  @BeforeEach
  void setUp() {
    master = new FakeMesosMaster().agent("a1", "host1", Map.of(), 2, 4096);
    master.autoOffer(false);
    client = newClient();
  }

  private MesosSchedulerClient newClient() {
    return new MesosSchedulerClient(
        MesosLauncherTest.config(List.of(master.uri())),
        ids,
        new MesosSchedulerClient.Handler() {
          @Override
          public boolean suppressOnSubscribe() {
            return subscribeSuppressed;
          }

          @Override
          public void onSubscribed(String frameworkId) {}

          @Override
          public void onEvent(Event event) {
            events.add(event);
          }

          @Override
          public void onDisconnected(String why) {}
        });
  }

  @AfterEach
  void tearDown() {
    client.close();
    master.close();
  }

  private void subscribe() {
    client.start();
    Await.until("subscribed", WAIT, client::isSubscribed);
  }

  private void call(Call.Type type) {
    Call.Builder c = Call.newBuilder().setType(type);
    if (type == Call.Type.REVIVE) {
      c.setRevive(Call.Revive.newBuilder().addRoles("*"));
    } else if (type == Call.Type.SUPPRESS) {
      c.setSuppress(Call.Suppress.newBuilder().addRoles("*"));
    }
    long before = master.applied(type);
    assertThat(client.send(c).join()).isEqualTo(202);
    // 202 means accepted, not applied (as on a real master): wait until it is. Waiting for the
    // suppression flag instead let a REVIVE of a framework that was not suppressed pass at once,
    // before it had cleared the filters the next allocation must not see.
    Await.until(type + " applied", WAIT, () -> master.applied(type) > before);
    if (type == Call.Type.REVIVE || type == Call.Type.SUPPRESS) {
      assertThat(master.suppressed()).isEqualTo(type == Call.Type.SUPPRESS);
    }
  }

  private Event next(Event.Type type) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Event e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && e.getType() == type) {
        return e;
      }
    }
    throw new AssertionError("no " + type + " event");
  }

  private void decline(String offerId, Double refuseSeconds) {
    Call.Decline.Builder d =
        Call.Decline.newBuilder().addOfferIds(Protos.OfferID.newBuilder().setValue(offerId));
    if (refuseSeconds != null) {
      d.setFilters(Protos.Filters.newBuilder().setRefuseSeconds(refuseSeconds));
    }
    assertThat(client.send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(d)).join())
        .isEqualTo(202);
    Await.until("decline applied", WAIT, () -> !master.outstandingOffers().contains(offerId));
  }

  @Test
  void aSubscriptionWithSuppressedRolesGetsNoOffersUntilRevive() {
    subscribeSuppressed = true;
    subscribe();
    assertThat(master.allocate()).isEmpty();
    call(Call.Type.REVIVE);
    assertThat(master.allocate()).hasSize(1);
  }

  @Test
  void suppressStopsOffersUntilRevive() throws Exception {
    subscribe();
    call(Call.Type.SUPPRESS);
    assertThat(master.allocate()).isEmpty();
    call(Call.Type.REVIVE);
    assertThat(master.allocate()).hasSize(1);
    next(Event.Type.OFFERS);
  }

  /** REVIVE ends the suppression, but offers wait for the allocator: a SUPPRESS can beat them. */
  @Test
  void aSuppressRightAfterAReviveHidesItUntilTheNextRevive() {
    subscribeSuppressed = true;
    subscribe();
    call(Call.Type.REVIVE);
    call(Call.Type.SUPPRESS);
    assertThat(master.allocate()).isEmpty();
  }

  /**
   * A call is answered without waiting for it to be carried out, but calls are carried out in the
   * order they came, as a real master's actor does: the scheduler's next call (sent once the 202 is
   * in) never overtakes the one before. The test master once applied each call on its HTTP thread
   * after the 202, so a SUPPRESS could land after the REVIVE sent after it (MesosLauncherModelTest,
   * under load).
   */
  @Test
  void callsAreCarriedOutInTheOrderTheyCame() {
    subscribe();
    List<Call.Type> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Call.Type type = i % 2 == 0 ? Call.Type.SUPPRESS : Call.Type.REVIVE;
      Call.Builder c = Call.newBuilder().setType(type);
      if (type == Call.Type.REVIVE) {
        c.setRevive(Call.Revive.newBuilder().addRoles("*"));
      } else {
        c.setSuppress(Call.Suppress.newBuilder().addRoles("*"));
      }
      // As the launcher's sender does: the next call goes once this one is answered.
      assertThat(client.send(c).join()).isEqualTo(202);
      sent.add(type);
    }
    Await.until("every call carried out", WAIT, () -> master.applied.size() == sent.size());
    assertThat(master.applied.stream().map(Call::getType).toList()).isEqualTo(sent);
    assertThat(master.suppressed()).as("the last call was a REVIVE").isFalse();
  }

  @Test
  void aDeclineFilterHoldsForRefuseSecondsAndReviveClearsIt() {
    subscribe();
    String offer = master.allocate().get(0);
    decline(offer, 60.0);
    assertThat(master.allocate()).as("refused for 60 s").isEmpty();
    call(Call.Type.REVIVE);
    String again = master.allocate().get(0);
    decline(again, 0.2);
    assertThat(master.allocate()).isEmpty();
    Await.until("the 0.2 s filter expired", WAIT, () -> !master.allocate().isEmpty());
  }

  /** mesos.proto: {@code optional double refuse_seconds = 1 [default = 5.0]}. */
  @Test
  void aDeclineWithoutFiltersRefusesForFiveSeconds() {
    subscribe();
    decline(master.allocate().get(0), null);
    assertThat(master.filtered("a1", 2, 4096)).isTrue();
    assertThat(master.allocate()).isEmpty();
  }

  /** A filter refuses only offers no larger than what was refused. */
  @Test
  void anAgentWithMoreFreeThanWasRefusedIsOfferedAgain() {
    subscribe();
    decline(master.allocate().get(0), 60.0);
    assertThat(master.filtered("a1", 2, 4096)).isTrue();
    assertThat(master.filtered("a1", 2, 8192)).isFalse();
  }

  @Test
  void offersComeOnlyFromAnAllocation() throws Exception {
    subscribe();
    call(Call.Type.REVIVE);
    assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no offer without allocation").isNull();
    master.allocate();
    next(Event.Type.OFFERS);
  }

  @Test
  void theAllocatorOffersOnItsInterval() throws Exception {
    master.allocationInterval(Duration.ofMillis(100)).autoOffer(true);
    subscribe();
    Event first = next(Event.Type.OFFERS);
    decline(first.getOffers().getOffers(0).getId().getValue(), 0.0);
    next(Event.Type.OFFERS);
  }

  /** docs/reconciliation.md: an unknown task is TASK_LOST, REASON_RECONCILIATION. */
  @Test
  void explicitReconciliationOfAnUnknownTaskAnswersLost() throws Exception {
    subscribe();
    client.send(MesosCalls.reconcile(List.of(MesosCalls.reconcileTask("hydra.nobody.1.1", "a1"))));
    Protos.TaskStatus s = next(Event.Type.UPDATE).getUpdate().getStatus();
    assertThat(s.getState()).isEqualTo(Protos.TaskState.TASK_LOST);
    assertThat(s.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(s.hasUuid()).as("reconciliation answers need no ack").isFalse();
  }

  /** Launches one task on the first offer; returns its first (unacknowledged) update. */
  private Protos.TaskStatus launchOne(String taskId) throws InterruptedException {
    master.allocate();
    Protos.Offer offer = next(Event.Type.OFFERS).getOffers().getOffers(0);
    Protos.TaskInfo task =
        MesosTasks.taskInfo(
            MesosRig.tiny(taskId),
            offer.getAgentId(),
            List.of(
                Protos.Resource.newBuilder()
                    .setName("cpus")
                    .setType(Protos.Value.Type.SCALAR)
                    .setScalar(Protos.Value.Scalar.newBuilder().setValue(0.01))
                    .build()));
    client.send(
        Call.newBuilder()
            .setType(Call.Type.ACCEPT)
            .setAccept(
                Call.Accept.newBuilder()
                    .addOfferIds(offer.getId())
                    .addOperations(
                        Protos.Offer.Operation.newBuilder()
                            .setType(Protos.Offer.Operation.Type.LAUNCH)
                            .setLaunch(
                                Protos.Offer.Operation.Launch.newBuilder().addTaskInfos(task)))));
    return next(Event.Type.UPDATE).getUpdate().getStatus();
  }

  /** docs/reconciliation.md: a known task is answered with its latest state, no ack needed. */
  @Test
  void explicitReconciliationOfAKnownTaskAnswersItsLatestState() throws Exception {
    subscribe();
    launchOne("hydra.known.1.1");
    client.send(MesosCalls.reconcile(List.of(MesosCalls.reconcileTask("hydra.known.1.1", "a1"))));
    Protos.TaskStatus s = next(Event.Type.UPDATE).getUpdate().getStatus();
    assertThat(s.getState()).isEqualTo(Protos.TaskState.TASK_RUNNING);
    assertThat(s.getReason()).isEqualTo(Protos.TaskStatus.Reason.REASON_RECONCILIATION);
    assertThat(s.hasUuid()).isFalse();
  }

  /**
   * docs/scheduler-http-api.md: a scheduler that resubscribes with its framework id within the
   * failover timeout keeps its tasks, and updates it never acknowledged are sent again.
   */
  @Test
  void failoverKeepsTasksAndResendsUnacknowledgedUpdates() throws Exception {
    subscribe();
    Protos.TaskStatus first = launchOne("hydra.failover.1.1");
    assertThat(first.hasUuid()).isTrue();
    client.close();
    Await.until("disconnected", WAIT, () -> !master.subscribed());

    events.clear();
    client = newClient();
    subscribe();
    Protos.TaskStatus again = next(Event.Type.UPDATE).getUpdate().getStatus();
    assertThat(again.getUuid()).isEqualTo(first.getUuid());
    assertThat(master.state("hydra.failover.1.1")).isEqualTo(Protos.TaskState.TASK_RUNNING);
  }
}
