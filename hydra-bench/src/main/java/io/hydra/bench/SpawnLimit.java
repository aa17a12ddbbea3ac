package io.hydra.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's own limit for starting processes, measured in the same JVM and invocation as the
 * peers: two threads start {@code /bin/sh -c true} (stdin from, output to /dev/null, as Hydra's
 * tasks have files rather than pipes) and wait for it, over and over, for a short while. Hydra's
 * local launcher is judged by its starts/s as a share of this (issue 23).
 */
final class SpawnLimit {

  static final int THREADS = 2;

  private static final File DEV_NULL = new File("/dev/null");

  private SpawnLimit() {}

  /** Processes started and ended per second, from {@link #THREADS} threads, over {@code span}. */
  static double measure(Duration span) throws InterruptedException {
    AtomicLong spawned = new AtomicLong();
    long end = System.nanoTime() + span.toNanos();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < THREADS; i++) {
      Thread t = new Thread(() -> spawnUntil(end, spawned), "bench-spawn-limit-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return Math.round(spawned.get() / seconds * 10.0) / 10.0;
  }

  private static void spawnUntil(long end, AtomicLong spawned) {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", "true")
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      while (System.nanoTime() < end) {
        builder.start().waitFor();
        spawned.incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
