package io.hydra.scheduler.launch.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How fast this machine starts and reaps {@code /bin/sh -c true} the way the local launcher starts
 * a task's wrapper (posix_spawn in a new session, {@link PosixSpawnStarter}), with none of the
 * launcher's other work. The bench reports it beside the JDK's own spawn rate, as the stricter of
 * the two limits a launcher of real processes is measured against; Hydra itself never calls it.
 */
public final class SpawnProbe {

  private static final List<String> SH_TRUE = List.of("/bin/sh", "-c", "true");
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  private SpawnProbe() {}

  /**
   * Processes started and reaped per second from {@code threads} threads over {@code span}; empty
   * where posix_spawn is not available.
   */
  public static OptionalDouble shellSpawnsPerSecond(Duration span, int threads)
      throws InterruptedException {
    if (PosixSpawnStarter.instance().isEmpty()) {
      return OptionalDouble.empty();
    }
    ProcessStarter starter = PosixSpawnStarter.instance().get();
    Path root = createTempDirectory();
    try {
      AtomicLong spawned = new AtomicLong();
      long end = System.nanoTime() + span.toNanos();
      List<Thread> workers = new ArrayList<>();
      long started = System.nanoTime();
      for (int i = 0; i < threads; i++) {
        TaskDirectory dir = TaskDirectory.of(root, "probe-" + i).orElseThrow();
        Thread t = new Thread(() -> spawnUntil(starter, dir, end, spawned), "spawn-probe-" + i);
        workers.add(t);
        t.start();
      }
      for (Thread t : workers) {
        t.join();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return OptionalDouble.of(Math.round(spawned.get() / seconds * 10.0) / 10.0);
    } finally {
      deleteTree(root);
    }
  }

  private static void spawnUntil(
      ProcessStarter starter, TaskDirectory dir, long end, AtomicLong spawned) {
    try {
      Files.createDirectories(dir.root());
      while (System.nanoTime() < end) {
        starter.start(SH_TRUE, ENV, dir).exit().join();
        spawned.incrementAndGet();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("hydra-spawn-probe");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
