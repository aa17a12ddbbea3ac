package io.hydra.scheduler.launch.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Builds the scheduler calls the launcher sends about single tasks. */
final class MesosCalls {

  private MesosCalls() {}

  /** A KILL; without the agent when it is not known (the master then looks the task up). */
  static Call.Builder kill(String taskId, String agentId) {
    Call.Kill.Builder k =
        Call.Kill.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId));
    if (agentId != null) {
      k.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
    }
    return Call.newBuilder().setType(Call.Type.KILL).setKill(k);
  }

  /** Explicit reconciliation of these tasks; implicit (every task) when the list is empty. */
  static Call.Builder reconcile(List<Call.Reconcile.Task> tasks) {
    return Call.newBuilder()
        .setType(Call.Type.RECONCILE)
        .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks));
  }

  static Call.Reconcile.Task reconcileTask(String taskId, String agentId) {
    Call.Reconcile.Task.Builder t =
        Call.Reconcile.Task.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId));
    if (agentId != null) {
      t.setAgentId(Protos.AgentID.newBuilder().setValue(agentId));
    }
    return t.build();
  }
}
