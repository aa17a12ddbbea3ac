package io.hydra.scheduler.launch.mesos;

import io.hydra.core.run.TaskLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link LaunchJournal} in memory, for tests and for runs without a database. A test can make it
 * fail, as a database that is down would.
 */
public final class InMemoryLaunchJournal implements LaunchJournal {

  private final Map<String, TaskLocation> sent = new ConcurrentHashMap<>();
  private volatile Predicate<List<String>> failWhen = ids -> false;

  @Override
  public void recordSent(List<String> taskIds, TaskLocation agent) {
    if (failWhen.test(taskIds)) {
      throw new IllegalStateException("journal unavailable");
    }
    taskIds.forEach(id -> sent.put(id, agent));
  }

  /** Where the task was recorded sent to, if it was. */
  public Optional<TaskLocation> sentTo(String taskId) {
    return Optional.ofNullable(sent.get(taskId));
  }

  public boolean wasSent(String taskId) {
    return sent.containsKey(taskId);
  }

  /** Makes {@link #recordSent} throw for the batches {@code when} accepts. */
  public void failWhen(Predicate<List<String>> when) {
    failWhen = when;
  }
}
