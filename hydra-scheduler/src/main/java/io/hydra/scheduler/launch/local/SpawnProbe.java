package io.hydra.scheduler.launch.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts and reaps {@code /bin/sh -c true} the way the local launcher starts a task's wrapper
 * (posix_spawn in a new session, {@link PosixSpawnStarter}), with none of the launcher's other
 * work. The bench times it beside the JDK's own spawn, as the stricter of the two limits a launcher
 * of real processes is measured against; Hydra itself never calls it.
 */
public final class SpawnProbe {

  private static final List<String> SH_TRUE = List.of("/bin/sh", "-c", "true");
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  private final ProcessStarter starter;
  private final TaskDirectory dir;

  private SpawnProbe(ProcessStarter starter, TaskDirectory dir) {
    this.starter = starter;
    this.dir = dir;
  }

  /**
   * A probe whose shells run in (and write their empty output to) a sandbox under {@code
   * directory}; empty where posix_spawn is not available. Safe to use from several threads.
   */
  public static Optional<SpawnProbe> in(Path directory) throws IOException {
    Optional<ProcessStarter> starter = PosixSpawnStarter.instance();
    if (starter.isEmpty()) {
      return Optional.empty();
    }
    TaskDirectory dir = TaskDirectory.of(directory, "probe").orElseThrow();
    Files.createDirectories(dir.root());
    return Optional.of(new SpawnProbe(starter.get(), dir));
  }

  /** Starts one shell and returns once it has ended and been reaped. */
  public void startAndReap() throws IOException {
    starter.start(SH_TRUE, ENV, dir).exit().join();
  }
}
