package io.hydra.scheduler.launch.mesos;

import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** The SUBSCRIBE call: who the framework is and what it can do. */
final class SubscribeCall {

  private SubscribeCall() {}

  /**
   * @param frameworkId the id to fail over to, or null for a new framework
   * @param suppressed whether to subscribe with the role suppressed (nothing waits for offers)
   */
  static Call of(MesosConfig config, String frameworkId, boolean suppressed) {
    Protos.FrameworkInfo.Builder info =
        Protos.FrameworkInfo.newBuilder()
            .setUser(config.user())
            .setName(config.frameworkName())
            .setFailoverTimeout(config.failoverTimeout().toMillis() / 1000.0)
            .setCheckpoint(config.checkpoint())
            .addRoles(config.role())
            .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.MULTI_ROLE))
            // Tasks may ask for GPUs; without this capability GPU agents are never offered.
            .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.GPU_RESOURCES))
            // Lets a kill show up as TASK_KILLING (still running) before TASK_KILLED.
            .addCapabilities(capability(Protos.FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
    // Deliberately not PARTITION_AWARE: for batch jobs a task on an unreachable agent is better
    // reported lost and killed when the agent returns than left to run beside its retry.
    if (config.principal() != null) {
      info.setPrincipal(config.principal());
    }
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
    if (frameworkId != null) {
      info.setId(Protos.FrameworkID.newBuilder().setValue(frameworkId));
      call.setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId));
    }
    Call.Subscribe.Builder sub = Call.Subscribe.newBuilder().setFrameworkInfo(info);
    if (suppressed) {
      sub.addSuppressedRoles(config.role());
    }
    return call.setSubscribe(sub).build();
  }

  private static Protos.FrameworkInfo.Capability capability(
      Protos.FrameworkInfo.Capability.Type type) {
    return Protos.FrameworkInfo.Capability.newBuilder().setType(type).build();
  }
}
