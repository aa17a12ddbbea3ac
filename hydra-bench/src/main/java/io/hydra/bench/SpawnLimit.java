package io.hydra.bench;

import io.hydra.scheduler.launch.local.SpawnProbe;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.commons.io.FileUtils;

/**
 * The machine's own limit for starting processes, measured in the same JVM and invocation as the
 * peers: two threads start {@code /bin/sh -c true} (stdin from, output to /dev/null, as Hydra's
 * tasks have files rather than pipes) and wait for it, over and over, for a short while. Hydra's
 * local launcher is judged by its starts/s as a share of this (issue 23), measured two ways:
 * through the JDK, and through posix_spawn as the launcher starts its wrappers ({@link
 * SpawnProbe}).
 */
final class SpawnLimit {

  static final int THREADS = 2;

  private static final File DEV_NULL = new File("/dev/null");

  /** One start of the shell, returning once it has ended. */
  private interface Spawn {
    void once() throws IOException, InterruptedException;
  }

  private SpawnLimit() {}

  /** Through the JDK: processes started and ended per second, from {@link #THREADS} threads. */
  static double measure(Duration span) throws InterruptedException {
    // A builder for each thread: ProcessBuilder is not thread-safe.
    return measure(
        span,
        () -> {
          ProcessBuilder builder =
              new ProcessBuilder("/bin/sh", "-c", "true")
                  .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD);
          return () -> builder.start().waitFor();
        });
  }

  /** Through posix_spawn, as {@link #measure(Duration)}; empty where it is not available. */
  static OptionalDouble measurePosix(Duration span) throws InterruptedException {
    Path root = createTempDirectory();
    try {
      var probe = SpawnProbe.in(root);
      return probe.isEmpty()
          ? OptionalDouble.empty()
          : OptionalDouble.of(measure(span, () -> probe.get()::startAndReap));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      FileUtils.deleteQuietly(root.toFile());
    }
  }

  /** Starts per second from {@link #THREADS} threads, each with its own {@code Spawn}. */
  private static double measure(Duration span, Supplier<Spawn> perThread)
      throws InterruptedException {
    AtomicLong spawned = new AtomicLong();
    long end = System.nanoTime() + span.toNanos();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < THREADS; i++) {
      Spawn spawn = perThread.get();
      Thread t = new Thread(() -> spawnUntil(end, spawn, spawned), "bench-spawn-limit-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return Math.round(spawned.get() / seconds * 10.0) / 10.0;
  }

  private static void spawnUntil(long end, Spawn spawn, AtomicLong spawned) {
    try {
      while (System.nanoTime() < end) {
        spawn.once();
        spawned.incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("hydra-spawn-probe");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
