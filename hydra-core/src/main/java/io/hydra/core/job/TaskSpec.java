package io.hydra.core.job;

import java.util.List;
import java.util.Map;

/**
 * What one attempt runs: a shell {@code command} (run through {@code sh -c}) or an {@code args}
 * vector (run directly), with its environment and resource needs. {@code secrets} names the {@code
 * env} keys whose values are secret: never shown in an answer (see {@link Secrets}).
 */
public record TaskSpec(
    String command,
    List<String> args,
    ContainerSpec container,
    Resources resources,
    Map<String, String> env,
    List<String> uris,
    List<List<String>> constraints,
    List<String> secrets) {

  /** A task without secret keys (the common case). */
  public TaskSpec(
      String command,
      List<String> args,
      ContainerSpec container,
      Resources resources,
      Map<String, String> env,
      List<String> uris,
      List<List<String>> constraints) {
    this(command, args, container, resources, env, uris, constraints, null);
  }

  public TaskSpec normalized() {
    return new TaskSpec(
        command,
        args == null ? List.of() : List.copyOf(args),
        container,
        resources == null ? Resources.DEFAULT : resources.normalized(),
        env == null ? Map.of() : Map.copyOf(env),
        uris == null ? List.of() : List.copyOf(uris),
        constraints == null ? List.of() : List.copyOf(constraints),
        secrets == null ? List.of() : List.copyOf(secrets));
  }

  public TaskSpec withEnv(Map<String, String> value) {
    return new TaskSpec(command, args, container, resources, value, uris, constraints, secrets);
  }

  /** A container image to run the task in (Mesos containerizer). */
  public record ContainerSpec(String image) {}
}
