package io.hydra.web.secrets;

import io.hydra.scheduler.launch.ForwardingLauncher;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.scheduler.launch.TaskStatusListener;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts secrets into a task's environment at the last moment: a job's {@code task.env} holds only a
 * reference, {@code ${secret:NAME}}, so the value is never stored, answered by the API, audited or
 * logged. A reference to an unknown secret fails the attempt before it starts.
 */
public final class SecretResolvingLauncher extends ForwardingLauncher {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9_.-]+)}");

  private final SecretStore secrets;
  private volatile TaskStatusListener listener;

  public SecretResolvingLauncher(Launcher delegate, SecretStore secrets) {
    super(delegate);
    this.secrets = secrets;
  }

  @Override
  public void start(TaskStatusListener listener) {
    this.listener = listener;
    delegate.start(listener);
  }

  @Override
  public void launch(LaunchRequest request) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : request.env().entrySet()) {
      Matcher reference = REFERENCE.matcher(e.getValue());
      if (!reference.matches()) {
        env.put(e.getKey(), e.getValue());
        continue;
      }
      Optional<String> value = secrets.get(reference.group(1));
      if (value.isEmpty()) {
        listener.onStatus(
            new TaskStatus(
                request.taskId(),
                TaskState.FAILED,
                null,
                "task.env."
                    + e.getKey()
                    + ": no secret named '"
                    + reference.group(1)
                    + "' in the secrets file",
                Instant.now()));
        return;
      }
      env.put(e.getKey(), value.get());
    }
    delegate.launch(
        new LaunchRequest(
            request.taskId(),
            request.job(),
            request.command(),
            request.args(),
            env,
            request.cpus(),
            request.memMb(),
            request.diskMb(),
            request.gpus(),
            request.containerImage(),
            request.uris(),
            request.labels(),
            request.constraints()));
  }
}
