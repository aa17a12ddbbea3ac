package io.hydra.web.metrics;

import io.hydra.scheduler.launch.ForwardingLauncher;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts what the engine asks of its launcher and what the launcher reports back, tagged with the
 * launcher's name: launches, kills, reconciled tasks, and task status updates by state.
 */
public final class MeteredLauncher extends ForwardingLauncher {

  private final Counter launches;
  private final Counter kills;
  private final Counter reconciled;
  private final Map<TaskState, Counter> updates = new EnumMap<>(TaskState.class);

  public MeteredLauncher(Launcher delegate, MeterRegistry registry) {
    super(delegate);
    String name = delegate.name();
    launches =
        Counter.builder("hydra.launcher.launches")
            .tag("launcher", name)
            .description("Tasks handed to the launcher")
            .register(registry);
    kills =
        Counter.builder("hydra.launcher.kills")
            .tag("launcher", name)
            .description("Kill requests sent to the launcher")
            .register(registry);
    reconciled =
        Counter.builder("hydra.launcher.reconciled")
            .tag("launcher", name)
            .description("Tasks the launcher was asked to reconcile")
            .register(registry);
    for (TaskState state : TaskState.values()) {
      updates.put(
          state,
          Counter.builder("hydra.launcher.status.updates")
              .tag("launcher", name)
              .tag("state", state.name().toLowerCase(Locale.ROOT))
              .description("Task status updates the launcher reported")
              .register(registry));
    }
  }

  @Override
  public void start(TaskStatusListener listener) {
    delegate.start(
        status -> {
          updates.get(status.state()).increment();
          listener.onStatus(status);
        });
  }

  @Override
  public void launch(LaunchRequest request) {
    launches.increment();
    delegate.launch(request);
  }

  @Override
  public void kill(String taskId) {
    kills.increment();
    delegate.kill(taskId);
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    reconciled.increment(tasks.size());
    delegate.reconcile(tasks);
  }
}
