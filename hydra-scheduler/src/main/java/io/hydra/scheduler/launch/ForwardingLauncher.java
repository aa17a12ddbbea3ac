package io.hydra.scheduler.launch;

import io.hydra.core.queue.FairShare;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.TaskLocation;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * A launcher that hands every call to another one; decorators (secrets, metrics) extend it and
 * override only what they change, so a call they do not care about is never dropped.
 */
public abstract class ForwardingLauncher implements Launcher {

  protected final Launcher delegate;

  protected ForwardingLauncher(Launcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void start(TaskStatusListener listener) {
    delegate.start(listener);
  }

  @Override
  public void launch(LaunchRequest request) {
    delegate.launch(request);
  }

  @Override
  public void kill(String taskId) {
    delegate.kill(taskId);
  }

  @Override
  public void reconcile(Collection<KnownTask> tasks) {
    delegate.reconcile(tasks);
  }

  @Override
  public void acknowledge(TaskStatus status) {
    delegate.acknowledge(status);
  }

  @Override
  public void orderBy(FairShare share) {
    delegate.orderBy(share);
  }

  @Override
  public Optional<Capacity> capacity() {
    return delegate.capacity();
  }

  @Override
  public Optional<TaskLocation> location() {
    return delegate.location();
  }

  @Override
  public Optional<Duration> starvedFor() {
    return delegate.starvedFor();
  }

  @Override
  public Optional<InputStream> openLog(String taskId, LogStream stream) {
    return delegate.openLog(taskId, stream);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
