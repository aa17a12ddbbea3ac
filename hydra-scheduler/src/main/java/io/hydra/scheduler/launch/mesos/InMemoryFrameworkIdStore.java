package io.hydra.scheduler.launch.mesos;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps the framework id in memory only: for tests, and for trying Mesos without a database. */
public final class InMemoryFrameworkIdStore implements FrameworkIdStore {

  private final AtomicReference<String> id = new AtomicReference<>();

  public InMemoryFrameworkIdStore() {}

  public InMemoryFrameworkIdStore(String initial) {
    id.set(initial);
  }

  @Override
  public Optional<String> load() {
    return Optional.ofNullable(id.get());
  }

  @Override
  public void save(String frameworkId) {
    id.set(frameworkId);
  }
}
