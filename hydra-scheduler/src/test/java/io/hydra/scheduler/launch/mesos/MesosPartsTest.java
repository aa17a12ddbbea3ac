package io.hydra.scheduler.launch.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** The pure parts of the Mesos launcher: framing, addresses, packing, statuses. */
class MesosPartsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  /** Messages as the Mesos master words them (src/master/master.cpp). */
  @Test
  void streamErrorsAreReadForWhatTheyMeanToTheFramework() {
    assertThat(StreamError.of("Framework has been removed"))
        .isEqualTo(StreamError.FRAMEWORK_REMOVED);
    assertThat(StreamError.of("Framework torn down")).isEqualTo(StreamError.FRAMEWORK_REMOVED);
    assertThat(StreamError.of("Framework failed over")).isEqualTo(StreamError.FAILED_OVER);
    assertThat(StreamError.of("Heartbeat timed out")).isEqualTo(StreamError.OTHER);
  }

  @Test
  void recordIoRoundTripsAndRejectsCorruptStreams() throws IOException {
    byte[] a = "first".getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[0];
    byte[] c = "third record\nwith newline".getBytes(StandardCharsets.UTF_8);
    byte[] stream = RecordIo.concat(RecordIo.encode(a), RecordIo.encode(b), RecordIo.encode(c));
    assertThat(new String(stream, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("5\n");
    List<byte[]> records = RecordIo.readAll(stream);
    assertThat(records).hasSize(3);
    assertThat(records.get(2)).isEqualTo(c);

    assertThatThrownBy(() -> RecordIo.readAll("5\nabc".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(
            () ->
                RecordIo.read(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.US_ASCII))))
        .hasMessageContaining("RecordIO");
  }

  @Test
  void redirectLocationsOfEveryShapeNameTheLeader() {
    URI current = URI.create("http://m1:5050");
    assertThat(MasterAddress.leaderFromLocation(current, "//m2:5050/api/v1/scheduler"))
        .isEqualTo(URI.create("http://m2:5050"));
    assertThat(MasterAddress.leaderFromLocation(current, "m3:5050"))
        .isEqualTo(URI.create("http://m3:5050"));
    assertThat(MasterAddress.leaderFromLocation(current, "https://m4:5443/master"))
        .isEqualTo(URI.create("https://m4:5443"));
    assertThat(MasterAddress.endpoint(URI.create("http://proxy/mesos/"), "/api/v1/scheduler"))
        .isEqualTo(URI.create("http://proxy/mesos/api/v1/scheduler"));
    assertThatThrownBy(() -> MasterAddress.leaderFromLocation(current, ""))
        .hasMessageContaining("Location");
  }

  @Test
  void everyMesosTaskStateMapsToAHydraState() {
    Map<Protos.TaskState, TaskState> expected = new EnumMap<>(Protos.TaskState.class);
    expected.put(Protos.TaskState.TASK_STAGING, TaskState.RUNNING);
    expected.put(Protos.TaskState.TASK_STARTING, TaskState.RUNNING);
    expected.put(Protos.TaskState.TASK_RUNNING, TaskState.RUNNING);
    expected.put(Protos.TaskState.TASK_KILLING, TaskState.RUNNING);
    expected.put(Protos.TaskState.TASK_FINISHED, TaskState.SUCCEEDED);
    expected.put(Protos.TaskState.TASK_FAILED, TaskState.FAILED);
    expected.put(Protos.TaskState.TASK_ERROR, TaskState.FAILED);
    expected.put(Protos.TaskState.TASK_KILLED, TaskState.KILLED);
    expected.put(Protos.TaskState.TASK_DROPPED, TaskState.NOT_STARTED);
    expected.put(Protos.TaskState.TASK_LOST, TaskState.LOST);
    expected.put(Protos.TaskState.TASK_UNREACHABLE, TaskState.LOST);
    expected.put(Protos.TaskState.TASK_GONE, TaskState.LOST);
    expected.put(Protos.TaskState.TASK_GONE_BY_OPERATOR, TaskState.LOST);
    expected.put(Protos.TaskState.TASK_UNKNOWN, TaskState.LOST);
    assertThat(expected.keySet()).containsExactlyInAnyOrder(Protos.TaskState.values());
    expected.forEach(
        (mesos, hydra) -> {
          TaskStatus s = MesosStatuses.toHydra(status(mesos, null, null), NOW);
          assertThat(s.state()).as(mesos.name()).isEqualTo(hydra);
          assertThat(s.message()).startsWith(mesos.name());
        });

    TaskStatus failed =
        MesosStatuses.toHydra(
            status(
                Protos.TaskState.TASK_FAILED,
                Protos.TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED,
                "Command exited with status 42"),
            NOW);
    assertThat(failed.exitCode()).isEqualTo(42);
    assertThat(failed.message())
        .isEqualTo("TASK_FAILED (REASON_COMMAND_EXECUTOR_FAILED): Command exited with status 42");
    assertThat(
            MesosStatuses.toHydra(
                    status(
                        Protos.TaskState.TASK_LOST,
                        Protos.TaskStatus.Reason.REASON_INVALID_OFFERS,
                        null),
                    NOW)
                .state())
        .isEqualTo(TaskState.NOT_STARTED);
    assertThat(
            MesosStatuses.toHydra(status(Protos.TaskState.TASK_FINISHED, null, null), NOW)
                .exitCode())
        .isZero();
  }

  private static Protos.TaskStatus status(
      Protos.TaskState state, Protos.TaskStatus.Reason reason, String message) {
    Protos.TaskStatus.Builder b =
        Protos.TaskStatus.newBuilder()
            .setTaskId(Protos.TaskID.newBuilder().setValue("hydra.j.1.1"))
            .setState(state);
    if (reason != null) {
      b.setReason(reason);
    }
    if (message != null) {
      b.setMessage(message);
    }
    return b.build();
  }

  @Test
  void tasksArePackedFirstFitAndResourcesAreCutFromTheOffer() {
    Protos.Offer small = offer("o1", "a1", 1, 512);
    Protos.Offer big = offer("o2", "a2", 4, 4096);
    List<QueuedTask> queue =
        List.of(
            task("hydra.a.1.1", 0.6, 256), task("hydra.b.1.1", 0.6, 256),
            task("hydra.c.1.1", 2, 3000), task("hydra.d.1.1", 8, 100));
    Map<Protos.OfferID, List<OfferMatcher.Placement>> out =
        OfferMatcher.match(List.of(small, big), queue, job -> List.of());

    assertThat(out.get(small.getId()))
        .extracting(p -> p.task().taskId())
        .containsExactly("hydra.a.1.1");
    assertThat(out.get(big.getId()))
        .extracting(p -> p.task().taskId())
        .containsExactly("hydra.b.1.1", "hydra.c.1.1");
    List<Protos.Resource> taken = out.get(small.getId()).get(0).resources();
    assertThat(taken).extracting(Protos.Resource::getName).containsExactly("cpus", "mem");
    assertThat(taken.get(0).getScalar().getValue()).isEqualTo(0.6);
    assertThat(taken.get(0).getAllocationInfo().getRole()).isEqualTo("hydra");
  }

  private static QueuedTask task(String id, double cpus, double mem) {
    return new QueuedTask(
        new LaunchRequest(
            id,
            MesosLauncher.jobOf(id),
            "true",
            List.of(),
            Map.of(),
            cpus,
            mem,
            0,
            0,
            null,
            List.of()),
        List.of());
  }

  private static Protos.Offer offer(String id, String agent, double cpus, double mem) {
    return Protos.Offer.newBuilder()
        .setId(Protos.OfferID.newBuilder().setValue(id))
        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("fw"))
        .setAgentId(Protos.AgentID.newBuilder().setValue(agent))
        .setHostname(agent + ".example")
        .addResources(scalar("cpus", cpus))
        .addResources(scalar("mem", mem))
        .build();
  }

  private static Protos.Resource scalar(String name, double value) {
    return Protos.Resource.newBuilder()
        .setName(name)
        .setType(Protos.Value.Type.SCALAR)
        .setScalar(Protos.Value.Scalar.newBuilder().setValue(value))
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole("hydra"))
        .build();
  }

  @Test
  void jobNamesWithDotsSurviveTheTaskId() {
    assertThat(MesosLauncher.jobOf("hydra.etl.daily.1772416800000.3")).isEqualTo("etl.daily");
    assertThat(MesosLauncher.jobOf("hydra.etl.1.1")).isEqualTo("etl");
  }
}
