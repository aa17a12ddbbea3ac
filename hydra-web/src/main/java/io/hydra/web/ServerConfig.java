package io.hydra.web;

import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.launch.mesos.MesosConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a Hydra server is set up. With no {@code dbUrl}, an embedded PostgreSQL lives in
 * {@code dataDir}; task sandboxes and logs live there too.
 *
 * @param mesos where to run tasks on Mesos; null runs them as local processes
 * @param leaderLease how long the leader lease lasts unrenewed (takeover time after a crash)
 */
public record ServerConfig(
    Path dataDir,
    String bind,
    int port,
    String dbUrl,
    String dbUser,
    String dbPassword,
    Path demoJobsDir,
    MesosConfig mesos,
    Duration leaderLease) {

  /** A server with the local launcher. */
  public ServerConfig(Path dataDir, String bind, int port, String dbUrl, String dbUser,
      String dbPassword, Path demoJobsDir) {
    this(dataDir, bind, port, dbUrl, dbUser, dbPassword, demoJobsDir, null);
  }

  public ServerConfig(Path dataDir, String bind, int port, String dbUrl, String dbUser,
      String dbPassword, Path demoJobsDir, MesosConfig mesos) {
    this(dataDir, bind, port, dbUrl, dbUser, dbPassword, demoJobsDir, mesos,
        EngineConfig.DEFAULT_LEASE);
  }

  public Path tasksDir() {
    return dataDir.resolve("tasks");
  }
}
