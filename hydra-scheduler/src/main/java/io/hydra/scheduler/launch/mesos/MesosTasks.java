package io.hydra.scheduler.launch.mesos;

import io.hydra.scheduler.launch.LaunchRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos;

/** Turns a {@link LaunchRequest} into the TaskInfo of a LAUNCH operation. */
final class MesosTasks {

  static final String JOB_LABEL = "hydra.job";

  private MesosTasks() {}

  static Protos.TaskInfo taskInfo(
      LaunchRequest r, Protos.AgentID agent, List<Protos.Resource> resources) {
    Protos.TaskInfo.Builder t =
        Protos.TaskInfo.newBuilder()
            .setName(r.job())
            .setTaskId(Protos.TaskID.newBuilder().setValue(r.taskId()))
            .setAgentId(agent)
            .addAllResources(resources)
            .setCommand(command(r))
            .setLabels(labels(r));
    if (r.containerImage() != null && !r.containerImage().isBlank()) {
      // The Mesos (universal) containerizer pulls Docker images itself; no Docker daemon needed.
      t.setContainer(
          Protos.ContainerInfo.newBuilder()
              .setType(Protos.ContainerInfo.Type.MESOS)
              .setMesos(
                  Protos.ContainerInfo.MesosInfo.newBuilder()
                      .setImage(
                          Protos.Image.newBuilder()
                              .setType(Protos.Image.Type.DOCKER)
                              .setDocker(
                                  Protos.Image.Docker.newBuilder().setName(r.containerImage())))));
    }
    return t.build();
  }

  /** The job's labels, plus {@value #JOB_LABEL} so operators can find a job's tasks. */
  static Protos.Labels labels(LaunchRequest r) {
    Protos.Labels.Builder l = Protos.Labels.newBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(r.labels()).entrySet()) {
      l.addLabels(Protos.Label.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return l.addLabels(Protos.Label.newBuilder().setKey(JOB_LABEL).setValue(r.job())).build();
  }

  static Protos.CommandInfo command(LaunchRequest r) {
    Protos.CommandInfo.Builder c = Protos.CommandInfo.newBuilder();
    if (r.command() != null) {
      c.setShell(true).setValue(r.command());
    } else {
      if (r.args().isEmpty()) {
        throw new IllegalArgumentException("task " + r.taskId() + " has neither command nor args");
      }
      // shell=false: value is the program, arguments the whole argv (argv[0] included).
      c.setShell(false).setValue(r.args().get(0)).addAllArguments(r.args());
    }
    Protos.Environment.Builder env = Protos.Environment.newBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(r.env()).entrySet()) {
      env.addVariables(
          Protos.Environment.Variable.newBuilder()
              .setName(e.getKey())
              .setType(Protos.Environment.Variable.Type.VALUE)
              .setValue(e.getValue()));
    }
    c.setEnvironment(env);
    for (String uri : r.uris()) {
      // Archives are extracted, like Chronos and Marathon do by default.
      c.addUris(Protos.CommandInfo.URI.newBuilder().setValue(uri).setExtract(true));
    }
    return c.build();
  }
}
