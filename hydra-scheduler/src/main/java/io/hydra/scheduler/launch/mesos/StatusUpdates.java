package io.hydra.scheduler.launch.mesos;

import io.hydra.core.run.TaskLocation;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Mesos status updates into Hydra statuses, keeps the task book in step with them, and owes
 * each update's ACKNOWLEDGE until the engine has committed the status.
 */
final class StatusUpdates {

  private static final Logger log = LoggerFactory.getLogger(StatusUpdates.class);

  private final Object lock;
  private final TaskBook book;
  private final Clock clock;
  private final Consumer<Call.Builder> send;

  /** Acknowledgements owed, released once the engine has committed the equal status. */
  private final Map<TaskStatus, Set<Ack>> pendingAcks = new HashMap<>();

  private record Ack(Protos.AgentID agent, Protos.TaskID task, ByteString uuid) {}

  StatusUpdates(Object lock, TaskBook book, Clock clock, Consumer<Call.Builder> send) {
    this.lock = lock;
    this.book = book;
    this.clock = clock;
    this.send = send;
  }

  /** The status to hand to the engine (outside the lock). */
  TaskStatus update(Protos.TaskStatus s) {
    String id = s.getTaskId().getValue();
    TaskStatus status;
    synchronized (lock) {
      status = withAgent(neverStartedOr(MesosStatuses.toHydra(s, clock.now()), s), s);
      if (s.hasUuid() && s.hasAgentId()) {
        pendingAcks
            .computeIfAbsent(status, k -> new LinkedHashSet<>())
            .add(new Ack(s.getAgentId(), s.getTaskId(), s.getUuid()));
      }
      String agentId = s.hasAgentId() ? s.getAgentId().getValue() : null;
      if (agentId != null) {
        book.taskAgents.put(id, agentId);
      }
      if (status.state().isTerminal()) {
        book.ended(id);
      } else {
        // A task learned of only through an update (e.g. implicit reconciliation after a
        // restart) is tracked from now on, so later reconciliations ask about it too.
        book.active(id, agentId, System.nanoTime());
      }
    }
    log.debug("Task {} is {} ({})", id, s.getState(), status.message());
    return status;
  }

  void acknowledge(TaskStatus status) {
    Set<Ack> acks;
    synchronized (lock) {
      acks = pendingAcks.remove(status);
    }
    if (acks == null) {
      return; // no uuid (e.g. a reconciliation answer), or acknowledged already
    }
    for (Ack a : acks) {
      send.accept(
          Call.newBuilder()
              .setType(Call.Type.ACKNOWLEDGE)
              .setAcknowledge(
                  Call.Acknowledge.newBuilder()
                      .setAgentId(a.agent())
                      .setTaskId(a.task())
                      .setUuid(a.uuid())));
    }
  }

  /**
   * A task the master does not know (a non-partition-aware framework hears TASK_LOST with
   * REASON_RECONCILIATION) that no ACCEPT was ever journaled for never reached Mesos: it never
   * started, and the engine replaces it without spending a retry. Under {@code lock}.
   */
  private TaskStatus neverStartedOr(TaskStatus status, Protos.TaskStatus s) {
    boolean unknown =
        s.getState() == Protos.TaskState.TASK_LOST
            && s.getReason() == Protos.TaskStatus.Reason.REASON_RECONCILIATION;
    if (!unknown || !book.neverSent.contains(status.taskId())) {
      return status;
    }
    return new TaskStatus(
        status.taskId(),
        TaskState.NOT_STARTED,
        null,
        "never sent to Mesos (no ACCEPT recorded) and unknown to the master",
        status.at());
  }

  /**
   * The status with the task's agent as its location, which the engine records with the attempt:
   * the agent is known only once the task was placed, after the attempt was written. Under {@code
   * lock}.
   */
  private TaskStatus withAgent(TaskStatus status, Protos.TaskStatus s) {
    if (!s.hasAgentId() || s.getAgentId().getValue().isEmpty()) {
      return status;
    }
    String agentId = s.getAgentId().getValue();
    TaskBook.Agent agent = book.agents.get(agentId);
    String host = agent == null || agent.endpoint() == null ? null : agent.endpoint().getHost();
    return new TaskStatus(
        status.taskId(),
        status.state(),
        status.exitCode(),
        status.message(),
        status.at(),
        TaskLocation.mesosAgent(agentId, host));
  }
}
