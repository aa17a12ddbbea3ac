package io.hydra.web;

import java.nio.file.Path;

/**
 * How a Hydra server is set up. With no {@code dbUrl}, an embedded PostgreSQL lives in
 * {@code dataDir}; task sandboxes and logs live there too.
 */
public record ServerConfig(
    Path dataDir,
    String bind,
    int port,
    String dbUrl,
    String dbUser,
    String dbPassword,
    Path demoJobsDir) {

  public Path tasksDir() {
    return dataDir.resolve("tasks");
  }
}
