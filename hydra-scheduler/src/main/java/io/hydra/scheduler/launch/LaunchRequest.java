package io.hydra.scheduler.launch;

import java.util.List;
import java.util.Map;

/**
 * Everything a launcher needs to start one attempt. The environment is complete (the engine has
 * already added the {@code HYDRA_*} variables); exactly one of {@code command} and {@code args} is
 * set.
 *
 * @param taskId deterministic id, {@code hydra.<job>.<logical time epoch ms>.<attempt>}
 * @param command a shell command, run through {@code sh -c}; or null
 * @param args an argument vector, run directly; or empty
 * @param labels the job's labels, passed on where the launcher can attach them (Mesos task labels)
 * @param constraints Marathon-style placement constraints, e.g. {@code [[rack, UNLIKE, r1]]};
 *     launchers without placement (local) ignore them
 * @param priority the run's priority, and {@code owner} its owner: a launcher that queues work
 *     itself (Mesos, waiting for offers) takes it in the dispatcher's order by them
 */
public record LaunchRequest(
    String taskId,
    String job,
    String command,
    List<String> args,
    Map<String, String> env,
    double cpus,
    double memMb,
    double diskMb,
    int gpus,
    String containerImage,
    List<String> uris,
    Map<String, String> labels,
    List<List<String>> constraints,
    int priority,
    String owner) {

  public LaunchRequest {
    owner = owner == null ? "" : owner;
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    uris = uris == null ? List.of() : List.copyOf(uris);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    constraints = constraints == null ? List.of() : constraints.stream().map(List::copyOf).toList();
  }

  /** A request of priority 0 and no owner. */
  public LaunchRequest(
      String taskId,
      String job,
      String command,
      List<String> args,
      Map<String, String> env,
      double cpus,
      double memMb,
      double diskMb,
      int gpus,
      String containerImage,
      List<String> uris,
      Map<String, String> labels,
      List<List<String>> constraints) {
    this(
        taskId,
        job,
        command,
        args,
        env,
        cpus,
        memMb,
        diskMb,
        gpus,
        containerImage,
        uris,
        labels,
        constraints,
        0,
        "");
  }

  /** A request without labels or placement constraints. */
  public LaunchRequest(
      String taskId,
      String job,
      String command,
      List<String> args,
      Map<String, String> env,
      double cpus,
      double memMb,
      double diskMb,
      int gpus,
      String containerImage,
      List<String> uris) {
    this(
        taskId,
        job,
        command,
        args,
        env,
        cpus,
        memMb,
        diskMb,
        gpus,
        containerImage,
        uris,
        Map.of(),
        List.of());
  }
}
