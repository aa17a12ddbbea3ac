package io.hydra.scheduler.launch.mesos;

import io.hydra.core.time.Clock;
import io.hydra.store.Store;
import java.util.Optional;

/**
 * Keeps the framework id in PostgreSQL (the {@code setting} table), so a restarted Hydra, or
 * another instance taking over the leader lease, fails over to the same framework.
 */
public final class StoredFrameworkIdStore implements FrameworkIdStore {

  static final String SETTING = "mesos.framework_id";

  private final Store store;
  private final Clock clock;

  public StoredFrameworkIdStore(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<String> load() {
    return store.read(tx -> tx.settings().get(SETTING));
  }

  @Override
  public void save(String frameworkId) {
    store.useTransaction(tx -> tx.settings().put(SETTING, frameworkId, clock.now()));
  }
}
