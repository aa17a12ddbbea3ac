package io.hydra.scheduler.launch.mesos;

import io.hydra.core.job.TaskConstraint;
import io.hydra.scheduler.launch.LaunchRequest;
import java.util.List;

/** A launch request waiting for an offer, with its parsed placement constraints. */
record QueuedTask(LaunchRequest request, List<TaskConstraint> constraints) {

  QueuedTask {
    constraints = List.copyOf(constraints);
  }

  String taskId() {
    return request.taskId();
  }
}
