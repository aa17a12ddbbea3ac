package io.hydra.web.cli;

import io.hydra.web.HydraServer;
import io.hydra.web.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hydra server}: runs the scheduler and the API until stopped. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Run the Hydra server (engine, launcher and REST API) until stopped.")
final class ServerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "${env:HYDRA_DATA_DIR:-.hydra}",
      description = "Directory for the embedded database, task sandboxes and logs "
          + "(default: ${DEFAULT-VALUE}; env HYDRA_DATA_DIR).")
  Path dataDir;

  @Option(names = "--port", defaultValue = "${env:HYDRA_PORT:-8080}",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--db-url", defaultValue = "${env:HYDRA_DB_URL}",
      description = "JDBC URL of an existing PostgreSQL 14+ (env HYDRA_DB_URL); "
          + "without it Hydra runs an embedded PostgreSQL in the data directory.")
  String dbUrl;

  @Option(names = "--db-user", defaultValue = "${env:HYDRA_DB_USER}",
      description = "Database user (env HYDRA_DB_USER).")
  String dbUser;

  @Option(names = "--db-password-file",
      description = "File holding the database password (or set env HYDRA_DB_PASSWORD).")
  Path dbPasswordFile;

  @Option(names = "--launcher", defaultValue = "local",
      description = "Where tasks run: local (default). mesos is planned.")
  String launcher;

  @Option(names = "--demo", description = "Also load the demo jobs from --jobs-dir.")
  boolean demo;

  @Option(names = "--jobs-dir", defaultValue = "sample-jobs",
      description = "Directory of job YAML files loaded by --demo (default: ${DEFAULT-VALUE}).")
  Path jobsDir;

  @Override
  public Integer call() throws Exception {
    if (!launcher.equals("local")) {
      throw new IllegalArgumentException("--launcher: '" + launcher
          + "' is not available; use local");
    }
    ServerConfig config = new ServerConfig(dataDir, bind, port, dbUrl, dbUser, password(),
        demo ? jobsDir : null);
    HydraServer server = new HydraServer(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "hydra-shutdown"));
    server.start();
    System.out.println("Hydra is running: http://" + bind + ":" + server.port() + "/api/v1/health");
    stopped.await();
    return 0;
  }

  private String password() throws IOException {
    if (dbPasswordFile != null) {
      return Files.readString(dbPasswordFile).strip();
    }
    return System.getenv("HYDRA_DB_PASSWORD");
  }
}
