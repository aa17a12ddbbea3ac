package io.hydra.scheduler.launch.mesos;

import io.hydra.core.run.TaskLocation;
import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import java.util.List;

/** The {@link LaunchJournal} in the attempt table: one UPDATE of the batch's rows per offer. */
public final class StoredLaunchJournal implements LaunchJournal {

  private final Store store;
  private final Clock clock;

  public StoredLaunchJournal(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void recordSent(List<String> taskIds, TaskLocation agent) {
    store.useTransaction(tx -> tx.attempts().recordSent(taskIds, agent, clock.now()));
  }
}
