package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.LogStream;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.testing.Await;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** The Mesos launcher, through the Launcher interface, against an in-process Mesos master. */
class MesosLauncherTest extends MesosLauncherFixture {

  @Test
  void aTaskRunsAndEachUpdateIsAcknowledgedOnlyAfterTheEngineHasIt() {
    start();
    assertThat(master.suppressed()).as("idle framework subscribes suppressed").isTrue();
    statuses.hold(true);
    LaunchRequest r =
        new LaunchRequest(
            "hydra.etl.1000.1",
            "etl",
            "python run.py $MODE",
            List.of(),
            Map.of("MODE", "prod"),
            0.5,
            256,
            10,
            0,
            "registry.example/etl:1.4",
            List.of("https://example.com/job.tgz"),
            Map.of("team", "data"),
            List.of());
    launcher.launch(r);

    TaskStatus running = statuses.await(r.taskId(), TaskState.RUNNING);
    assertThat(master.calls(Call.Type.REVIVE)).isNotEmpty();
    assertThat(master.unacknowledged())
        .as("not acknowledged before the engine commits")
        .isEqualTo(1);
    launcher.acknowledge(running);
    Await.until("RUNNING acknowledged", WAIT, () -> master.unacknowledged() == 0);

    master.update(r.taskId(), Protos.TaskState.TASK_FINISHED, "Command exited with status 0");
    TaskStatus done = statuses.await(r.taskId(), TaskState.SUCCEEDED);
    assertThat(done.exitCode()).isZero();
    launcher.acknowledge(done);
    Await.until("FINISHED acknowledged", WAIT, () -> master.unacknowledged() == 0);
    Await.until("suppressed once the queue is empty", WAIT, master::suppressed);

    Protos.TaskInfo info = master.task(r.taskId());
    assertThat(running.location())
        .as("the agent, recorded with the attempt once the task runs")
        .isEqualTo(
            io.hydra.core.run.TaskLocation.mesosAgent(
                info.getAgentId().getValue(), running.location().host()));
    assertThat(running.location().host()).isNotBlank();
    assertThat(info.getCommand().getShell()).isTrue();
    assertThat(info.getCommand().getValue()).isEqualTo("python run.py $MODE");
    assertThat(info.getCommand().getEnvironment().getVariablesList())
        .anyMatch(v -> v.getName().equals("MODE") && v.getValue().equals("prod"));
    assertThat(info.getCommand().getUris(0).getValue()).isEqualTo("https://example.com/job.tgz");
    assertThat(info.getContainer().getType()).isEqualTo(Protos.ContainerInfo.Type.MESOS);
    assertThat(info.getContainer().getMesos().getImage().getDocker().getName())
        .isEqualTo("registry.example/etl:1.4");
    assertThat(
            info.getLabels().getLabelsList().stream()
                .collect(Collectors.toMap(Protos.Label::getKey, Protos.Label::getValue)))
        .containsEntry("team", "data")
        .containsEntry("hydra.job", "etl");
    Map<String, Double> res =
        info.getResourcesList().stream()
            .collect(Collectors.toMap(Protos.Resource::getName, x -> x.getScalar().getValue()));
    assertThat(res)
        .containsEntry("cpus", 0.5)
        .containsEntry("mem", 256.0)
        .containsEntry("disk", 10.0);
    assertThat(ids.load()).contains(master.frameworkId());
  }

  @Test
  void argsRunWithoutAShellAndAFailureCarriesTheExitCode() {
    start();
    LaunchRequest r =
        new LaunchRequest(
            "hydra.load.1.1",
            "load",
            null,
            List.of("sh", "-c", "exit 3"),
            Map.of(),
            0.1,
            32,
            0,
            0,
            null,
            List.of());
    launcher.launch(r);
    statuses.await(r.taskId(), TaskState.RUNNING);
    Protos.CommandInfo cmd = master.task(r.taskId()).getCommand();
    assertThat(cmd.getShell()).isFalse();
    assertThat(cmd.getValue()).isEqualTo("sh");
    assertThat(cmd.getArgumentsList()).containsExactly("sh", "-c", "exit 3");

    master.update(r.taskId(), Protos.TaskState.TASK_FAILED, "Command exited with status 3");
    TaskStatus failed = statuses.await(r.taskId(), TaskState.FAILED);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.message()).contains("TASK_FAILED");
  }

  @Test
  void severalTasksShareOneOfferAndTheUnusedOfferIsDeclinedWithAFilter() {
    master.autoOffer(false);
    start();
    for (int i = 1; i <= 3; i++) {
      launcher.launch(request("hydra.pack.1." + i, "true"));
    }
    Await.until("three tasks queued", WAIT, () -> launcher.offerState().queued() == 3);
    List<String> offers = master.offerAll();
    assertThat(offers).hasSize(2);
    for (int i = 1; i <= 3; i++) {
      statuses.await("hydra.pack.1." + i, TaskState.RUNNING);
    }
    List<Call> accepts = master.calls(Call.Type.ACCEPT);
    assertThat(accepts).hasSize(1);
    assertThat(accepts.get(0).getAccept().getOperations(0).getLaunch().getTaskInfosCount())
        .isEqualTo(3);
    Call decline =
        Await.value(
            "a decline",
            WAIT,
            () -> master.calls(Call.Type.DECLINE).stream().findFirst().orElse(null));
    assertThat(decline.getDecline().getFilters().getRefuseSeconds()).isEqualTo(5.0);
    assertThat(decline.getDecline().getOfferIdsList()).hasSize(1);
    Await.until(
        "suppressed when nothing is queued",
        WAIT,
        () -> !master.calls(Call.Type.SUPPRESS).isEmpty() && master.suppressed());
    OfferCounts counts = launcher.offerCounts();
    assertThat(List.of(counts.received(), counts.accepted(), counts.declined()))
        .containsExactly(2L, 1L, 1L);
  }

  @Test
  void constraintsPickTheAgentAndUniqueSpreadsTasksOfAJob() {
    master.autoOffer(false);
    start();
    launcher.launch(request("hydra.spread.1.1", List.of(List.of("hostname", "UNIQUE"))));
    launcher.launch(request("hydra.spread.1.2", List.of(List.of("hostname", "UNIQUE"))));
    launcher.launch(request("hydra.spread.1.3", List.of(List.of("hostname", "UNIQUE"))));
    launcher.launch(request("hydra.rack.1.1", List.of(List.of("rack", "UNLIKE", "r1"))));
    launcher.launch(request("hydra.pinned.1.1", List.of(List.of("rack", "EQUALS", "r9"))));
    Await.until("five tasks queued", WAIT, () -> launcher.offerState().queued() == 5);
    master.offerAll();
    statuses.await("hydra.spread.1.1", TaskState.RUNNING);
    statuses.await("hydra.spread.1.2", TaskState.RUNNING);
    statuses.await("hydra.rack.1.1", TaskState.RUNNING);
    assertThat(master.task("hydra.rack.1.1").getAgentId().getValue()).isEqualTo("a2");
    Set<String> spreadAgents =
        Set.of(
            master.task("hydra.spread.1.1").getAgentId().getValue(),
            master.task("hydra.spread.1.2").getAgentId().getValue());
    assertThat(spreadAgents).containsExactlyInAnyOrder("a1", "a2");
    // Two hosts, three UNIQUE tasks: the third waits, as does the task no agent satisfies.
    assertThat(master.task("hydra.spread.1.3")).isNull();
    assertThat(master.task("hydra.pinned.1.1")).isNull();
    assertThat(launcher.offerState().queued()).isEqualTo(2);

    // A malformed constraint fails the attempt with a message naming it, instead of waiting.
    launcher.launch(request("hydra.bad.1.1", List.of(List.of("rack", "NEAR", "r1"))));
    TaskStatus bad = statuses.await("hydra.bad.1.1", TaskState.FAILED);
    assertThat(bad.message()).contains("constraint 1").contains("NEAR");
  }

  @Test
  void aTaskLaunchedOnARescindedOfferNeverStartedAndIsNotTracked() {
    start();
    master.rescindNextAccepts(1);
    String id = "hydra.etl.5000.1";
    launcher.launch(request(id, "true"));
    TaskStatus s = statuses.await(id, TaskState.NOT_STARTED);
    assertThat(s.message()).contains("REASON_INVALID_OFFERS");
    assertThat(master.state(id)).isNull();

    // The engine then starts a new attempt, which gets a fresh offer.
    launcher.launch(request("hydra.etl.5000.2", "true"));
    statuses.await("hydra.etl.5000.2", TaskState.RUNNING);
  }

  @Test
  void aRescindedOfferIsForgottenAndInverseOffersAreDeclined() {
    master.autoOffer(false);
    start();
    String offer = master.offerAll().get(0);
    master.rescind(offer);
    master.inverseOffer("a1");
    Await.until(
        "inverse offer declined",
        WAIT,
        () -> !master.calls(Call.Type.DECLINE_INVERSE_OFFERS).isEmpty());
    // The rescinded offer was not used: nothing was queued, so only declines went out.
    assertThat(master.calls(Call.Type.ACCEPT)).isEmpty();
    Await.until("the rescind counted", WAIT, () -> launcher.offerCounts().rescinded() == 1);
    assertThat(launcher.offerCounts().inverseDeclined()).isEqualTo(1);
    assertThat(launcher.offerCounts().accepted()).isZero();
  }

  @Test
  void tasksOfALostOrUnreachableAgentAreReportedLost() {
    master.autoOffer(false);
    start();
    launcher.launch(request("hydra.a.1.1", List.of(List.of("rack", "EQUALS", "r1"))));
    launcher.launch(request("hydra.b.1.1", List.of(List.of("rack", "EQUALS", "r2"))));
    Await.until("two queued", WAIT, () -> launcher.offerState().queued() == 2);
    master.offerAll();
    statuses.await("hydra.a.1.1", TaskState.RUNNING);
    statuses.await("hydra.b.1.1", TaskState.RUNNING);

    master.removeAgent("a1", false);
    TaskStatus lost = statuses.await("hydra.a.1.1", TaskState.LOST);
    assertThat(lost.message()).contains("TASK_LOST").contains("REASON_AGENT_REMOVED");
    master.removeAgent("a2", true);
    TaskStatus unreachable = statuses.await("hydra.b.1.1", TaskState.LOST);
    assertThat(unreachable.message()).contains("TASK_UNREACHABLE");
    Await.until("lost updates acknowledged", WAIT, () -> master.unacknowledged() == 0);
  }

  @Test
  void duplicateUpdatesAreHarmless() {
    master.duplicateUpdates(true);
    start();
    String id = "hydra.dup.1.1";
    launcher.launch(request(id, "true"));
    statuses.await(id, TaskState.RUNNING, 2);
    master.update(id, Protos.TaskState.TASK_FINISHED, null);
    statuses.await(id, TaskState.SUCCEEDED, 2);
    Await.until("all acknowledged", WAIT, () -> master.unacknowledged() == 0);
    assertThat(master.launches(id)).isEqualTo(1);
  }

  @Test
  void aRestartedHydraFailsOverToTheSameFrameworkAndAdoptsItsTask() {
    start();
    String id = "hydra.etl.6000.1";
    launcher.launch(request(id, "sleep 100"));
    statuses.await(id, TaskState.RUNNING);
    String framework = master.frameworkId();
    launcher.close();

    // A new process: new launcher, same stored framework id; the engine reconciles.
    MesosLauncher second = start(config(List.of(master.uri())));
    second.reconcile(
        List.of(
            new Launcher.KnownTask(id, false), new Launcher.KnownTask("hydra.etl.6000.9", true)));
    Await.until("resubscribed", WAIT, () -> master.subscriptions().size() == 2);
    assertThat(master.subscriptions().get(1)).isEqualTo(framework);
    statuses.await(id, TaskState.RUNNING);
    TaskStatus unknown = statuses.await("hydra.etl.6000.9", TaskState.LOST);
    assertThat(unknown.message()).contains("REASON_RECONCILIATION");

    master.update(id, Protos.TaskState.TASK_FINISHED, null);
    statuses.await(id, TaskState.SUCCEEDED);
    assertThat(master.launches(id)).isEqualTo(1);
  }

  @Test
  void afterARestartAdoptedTasksCountForUniqueConstraints() {
    List<List<String>> unique = List.of(List.of("hostname", "UNIQUE"));
    start();
    launcher.launch(request("hydra.uniq.1.1", unique));
    statuses.await("hydra.uniq.1.1", TaskState.RUNNING);
    String first = master.task("hydra.uniq.1.1").getAgentId().getValue();
    launcher.close();

    start();
    launcher.reconcile(List.of(new Launcher.KnownTask("hydra.uniq.1.1", false)));
    statuses.await("hydra.uniq.1.1", TaskState.RUNNING);
    // No offer has named the agent since the restart; the master's agent list does.
    Await.until("the adopted task is placed", WAIT, () -> launcher.placed("uniq") == 1);
    launcher.launch(request("hydra.uniq.1.2", unique));
    statuses.await("hydra.uniq.1.2", TaskState.RUNNING);
    assertThat(master.task("hydra.uniq.1.2").getAgentId().getValue()).isNotEqualTo(first);
  }

  @Test
  void killSendsKillForALaunchedTaskAndEndsAQueuedOneAtOnce() {
    master.autoOffer(false);
    start();
    launcher.launch(request("hydra.q.1.1", "sleep 100"));
    Await.until("queued", WAIT, () -> launcher.offerState().queued() == 1);
    launcher.kill("hydra.q.1.1");
    assertThat(statuses.await("hydra.q.1.1", TaskState.KILLED).message())
        .contains("before Mesos launched it");
    assertThat(master.calls(Call.Type.KILL)).isEmpty();

    launcher.launch(request("hydra.k.1.1", "sleep 100"));
    Await.until("queued", WAIT, () -> launcher.offerState().queued() == 1);
    master.offerAll();
    statuses.await("hydra.k.1.1", TaskState.RUNNING);
    launcher.kill("hydra.k.1.1");
    statuses.await("hydra.k.1.1", TaskState.KILLED);
    assertThat(master.calls(Call.Type.KILL).get(0).getKill().getAgentId().getValue()).isNotEmpty();
  }

  @Test
  void periodicReconciliationIsImplicit() {
    start(config(List.of(master.uri())).withReconcileInterval(Duration.ofMillis(200)));
    Await.until(
        "an implicit reconciliation",
        WAIT,
        () ->
            master.calls(Call.Type.RECONCILE).stream()
                .anyMatch(c -> c.getReconcile().getTasksCount() == 0));
  }

  @Test
  void logsAreReadFromTheAgentSandboxPageByPage() throws Exception {
    start();
    String id = "hydra.logs.1.1";
    launcher.launch(request(id, "echo hi"));
    statuses.await(id, TaskState.RUNNING);
    assertThat(launcher.openLog(id, LogStream.STDOUT)).as("no file yet: no log").isEmpty();
    String big = "line of output\n".repeat(10_000); // larger than one /files/read page
    master.sandbox(id, "stdout", big);
    master.sandbox(id, "stderr", "oops\n");
    try (InputStream in = launcher.openLog(id, LogStream.STDOUT).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(big);
    }
    try (InputStream in = launcher.openLog(id, LogStream.STDERR).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
    }
    assertThat(launcher.openLog("hydra.never.1.1", LogStream.STDOUT)).isEmpty();
  }
}
