package io.hydra.scheduler.launch;

import java.util.List;
import java.util.Map;

/**
 * Everything a launcher needs to start one attempt. The environment is complete (the engine has
 * already added the {@code HYDRA_*} variables); exactly one of {@code command} and {@code args}
 * is set.
 *
 * @param taskId deterministic id, {@code hydra.<job>.<logical time epoch ms>.<attempt>}
 * @param command a shell command, run through {@code sh -c}; or null
 * @param args an argument vector, run directly; or empty
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
    List<String> uris) {

  public LaunchRequest {
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
    uris = uris == null ? List.of() : List.copyOf(uris);
  }
}
