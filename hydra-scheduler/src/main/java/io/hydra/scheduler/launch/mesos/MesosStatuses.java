package io.hydra.scheduler.launch.mesos;

import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos;

/** Maps Mesos task status updates onto Hydra's launcher-neutral {@link TaskStatus}. */
final class MesosStatuses {

  /** The command executor's wording, e.g. "Command exited with status 3". */
  private static final Pattern EXIT = Pattern.compile("exited with status (-?\\d+)");

  private MesosStatuses() {}

  static TaskState state(Protos.TaskStatus s) {
    return switch (s.getState()) {
      // TASK_KILLING: a kill is under way, the task has not ended yet.
      case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING -> TaskState.RUNNING;
      case TASK_FINISHED -> TaskState.SUCCEEDED;
      // TASK_ERROR: the master refused the task description; it never ran.
      case TASK_FAILED, TASK_ERROR -> TaskState.FAILED;
      case TASK_KILLED -> TaskState.KILLED;
      // Dropped, or refused with its offer (rescinded meanwhile): the task never reached an
      // agent, so starting it again is not a second launch.
      case TASK_DROPPED -> TaskState.NOT_STARTED;
      case TASK_LOST ->
          s.getReason() == Protos.TaskStatus.Reason.REASON_INVALID_OFFERS
              ? TaskState.NOT_STARTED
              : TaskState.LOST;
      // Hydra does not declare PARTITION_AWARE, so a real master reports TASK_LOST and kills
      // tasks on agents that come back; the partition-aware states are mapped the same way in
      // case they show up anyway. An unreachable task may still run: lost means the outcome is
      // unknown, and the engine's retry policy decides.
      case TASK_UNREACHABLE, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN -> TaskState.LOST;
    };
  }

  static TaskStatus toHydra(Protos.TaskStatus s, Instant fallbackTime) {
    TaskState state = state(s);
    Integer exit =
        switch (state) {
          case SUCCEEDED -> 0;
          case FAILED ->
              s.getState() == Protos.TaskState.TASK_FAILED ? exitCode(s.getMessage()) : null;
          default -> null;
        };
    Instant at =
        s.hasTimestamp() && s.getTimestamp() > 0
            ? Instant.ofEpochSecond(0, Math.round(s.getTimestamp() * 1e9))
            : fallbackTime;
    return new TaskStatus(s.getTaskId().getValue(), state, exit, message(s), at);
  }

  static Integer exitCode(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = EXIT.matcher(message);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  /** Names the Mesos state, and the reason and message when present, e.g. for LOST. */
  static String message(Protos.TaskStatus s) {
    StringBuilder b = new StringBuilder(s.getState().name());
    if (s.hasReason()) {
      b.append(" (").append(s.getReason().name()).append(')');
    }
    if (s.hasMessage() && !s.getMessage().isBlank()) {
      b.append(": ").append(s.getMessage());
    }
    return b.toString();
  }
}
