package io.hydra.store.internal;

import io.hydra.store.lifecycle.ShutdownSequence;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Hydra starts for itself when no database is configured. Its files live in
 * the data directory, so a restart keeps every job and run.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;

  /** The library's "closed" flag, set while its own shutdown hook is to do nothing; or null. */
  private final AtomicBoolean libraryClosed;

  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Runnable stopAtExit = this::close;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.libraryClosed = disarmLibraryHook(postgres);
    if (libraryClosed != null) {
      ShutdownSequence.last(stopAtExit);
    }
  }

  /**
   * The library stops PostgreSQL from a shutdown hook of its own, which the JVM runs alongside
   * Hydra's (see {@link ShutdownSequence}), and offers no way to leave it out. Its hook calls
   * {@code close()}, which returns at once when its private {@code closed} flag is set: set, the
   * hook does nothing and {@link ShutdownSequence} stops PostgreSQL last instead. Should the field
   * go in another version, the library's hook is left as it is.
   */
  private static AtomicBoolean disarmLibraryHook(EmbeddedPostgres postgres) {
    try {
      Field field = EmbeddedPostgres.class.getDeclaredField("closed");
      field.setAccessible(true);
      AtomicBoolean closed = (AtomicBoolean) field.get(postgres);
      closed.set(true);
      return closed;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("Leaving the embedded PostgreSQL library's shutdown hook in place", e);
      return null;
    }
  }

  public static EmbeddedDatabase start(Path directory) {
    try {
      Files.createDirectories(directory);
      stopOrphan(directory);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              // The library tunes for throwaway test databases (fsync and synchronous_commit
              // off). Hydra's state must survive a power cut, so both go back on.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .start();
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
    }
  }

  /**
   * If Hydra was killed (kill -9), its PostgreSQL child survives and still owns the data directory.
   * Stop it cleanly (SIGINT is PostgreSQL's "fast shutdown") before starting anew.
   */
  private static void stopOrphan(Path directory) throws IOException {
    Optional<ProcessHandle> orphan = postmaster(directory);
    if (orphan.isEmpty()) {
      return;
    }
    long pid = orphan.get().pid();
    log.warn("Stopping PostgreSQL (pid {}) left running by an earlier Hydra process", pid);
    new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
    try {
      orphan.get().onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          "PostgreSQL pid " + pid + " still owns " + directory + "; stop it and start again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + pid, e);
    }
  }

  private static Optional<ProcessHandle> postmaster(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  /** Stops PostgreSQL (a fast shutdown: sessions end, what they committed is kept); once. */
  @Override
  public void close() {
    if (stopped.getAndSet(true)) {
      return;
    }
    ShutdownSequence.remove(stopAtExit);
    if (libraryClosed != null) {
      libraryClosed.set(false); // so that the library's close() does stop it
    }
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
