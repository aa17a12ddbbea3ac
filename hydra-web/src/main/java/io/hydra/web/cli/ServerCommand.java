package io.hydra.web.cli;

import io.hydra.scheduler.launch.mesos.MesosConfig;
import io.hydra.store.lifecycle.ShutdownSequence;
import io.hydra.web.HydraServer;
import io.hydra.web.ServerConfig;
import io.hydra.web.auth.AuthMode;
import io.hydra.web.notify.NotifyConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  @Option(
      names = "--data-dir",
      defaultValue = "${env:HYDRA_DATA_DIR:-.hydra}",
      description =
          "Directory for the embedded database, task sandboxes and logs "
              + "(default: ${DEFAULT-VALUE}; env HYDRA_DATA_DIR).")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "${env:HYDRA_PORT:-8080}",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--db-url",
      defaultValue = "${env:HYDRA_DB_URL}",
      description =
          "JDBC URL of an existing PostgreSQL 14+ (env HYDRA_DB_URL); "
              + "without it Hydra runs an embedded PostgreSQL in the data directory.")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:HYDRA_DB_USER}",
      description = "Database user (env HYDRA_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password-file",
      description = "File holding the database password (or set env HYDRA_DB_PASSWORD).")
  Path dbPasswordFile;

  @Option(
      names = "--launcher",
      defaultValue = "local",
      description = "Where tasks run: local (default) or mesos.")
  String launcher;

  @Option(
      names = "--mesos-master",
      defaultValue = "${env:HYDRA_MESOS_MASTER}",
      description =
          "Mesos masters, comma-separated, e.g. http://m1:5050,http://m2:5050 "
              + "(env HYDRA_MESOS_MASTER); the leader is found by redirect.")
  String mesosMaster;

  @Option(names = "--mesos-role", description = "Mesos role to subscribe with (default: *).")
  String mesosRole;

  @Option(
      names = "--mesos-principal",
      description = "Framework principal; with a secret also the HTTP basic user.")
  String mesosPrincipal;

  @Option(
      names = "--mesos-secret-file",
      description = "File holding the Mesos secret (or set env HYDRA_MESOS_SECRET).")
  Path mesosSecretFile;

  @Option(
      names = "--mesos-failover-timeout",
      description =
          "How long Mesos keeps tasks running while Hydra is away, ISO-8601 "
              + "(default: PT168H, one week).")
  String mesosFailoverTimeout;

  @Option(
      names = "--mesos-user",
      description = "Unix user tasks run as on the agents (default: the user running Hydra).")
  String mesosUser;

  @Option(
      names = "--lease",
      defaultValue = "PT10S",
      description =
          "Leader lease length, ISO-8601 (default: ${DEFAULT-VALUE}). Instances "
              + "sharing a database elect one leader; another takes over this long after it dies.")
  String lease;

  @Option(
      names = "--auth",
      paramLabel = "token|none",
      description =
          "token: every API call needs 'Authorization: Bearer <token>' (the first "
              + "admin token comes from env HYDRA_BOOTSTRAP_TOKEN); none: allowed only on a "
              + "loopback --bind. Default: none on loopback, else the server refuses to start.")
  String auth;

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      defaultValue = "" + ServerConfig.DEFAULT_RATE,
      description =
          "Requests per second per token, bursts of "
              + (int) ServerConfig.DEFAULT_BURST
              + " (default: ${DEFAULT-VALUE}; 0: no limit).")
  double rateLimit;

  @Option(
      names = "--notify-webhook",
      paramLabel = "URL",
      description = "Send run events to this webhook (signed with env HYDRA_NOTIFY_SECRET).")
  URI notifyWebhook;

  @Option(
      names = "--notify-on",
      split = ",",
      paramLabel = "EVENT",
      defaultValue = "failed,upstream_failed,missed,at_risk,deadline_missed",
      description =
          "Events to send: failed, retrying, upstream_failed, missed, succeeded, "
              + "killed, at_risk, deadline_missed (default: ${DEFAULT-VALUE}).")
  Set<String> notifyOn;

  @Option(
      names = "--notify-format",
      defaultValue = "json",
      description = "json or slack (default: ${DEFAULT-VALUE}).")
  String notifyFormat;

  @Option(
      names = "--secrets-file",
      defaultValue = "${env:HYDRA_SECRETS_FILE}",
      description =
          "Properties file of secrets (NAME=value); task.env values written "
              + "$${secret:NAME} get the value at launch and are never stored or shown "
              + "(env HYDRA_SECRETS_FILE).")
  Path secretsFile;

  @Option(
      names = "--owner-weight",
      paramLabel = "OWNER=WEIGHT",
      description =
          "An owner's weight in the fair share of capacity among queued runs of equal priority"
              + " (repeatable; every other owner weighs 1), e.g. --owner-weight data-eng=2.")
  Map<String, String> ownerWeights;

  @Option(names = "--demo", description = "Also load the demo jobs from --jobs-dir.")
  boolean demo;

  @Option(
      names = "--jobs-dir",
      defaultValue = "sample-jobs",
      description = "Directory of job YAML files loaded by --demo (default: ${DEFAULT-VALUE}).")
  Path jobsDir;

  @Override
  public Integer call() throws Exception {
    AuthMode.tokensRequired(auth, bind); // refuse an unsafe setting before anything starts
    Optional<String> platform =
        dbUrl == null || dbUrl.isBlank() ? EmbeddedPlatform.problemHere() : Optional.empty();
    if (platform.isPresent()) {
      throw new IllegalStateException(platform.get()); // before the library fails deep inside
    }
    if (demo && !Files.isDirectory(jobsDir)) {
      throw new IllegalArgumentException(
          "--jobs-dir: "
              + jobsDir.toAbsolutePath()
              + " is not a directory; run --demo from the repository root, or name the demo"
              + " jobs' directory with --jobs-dir");
    }
    MesosConfig mesos =
        switch (launcher) {
          case "local" -> null;
          case "mesos" ->
              MesosFlags.toConfig(
                  mesosMaster,
                  mesosRole,
                  mesosPrincipal,
                  mesosSecretFile,
                  System.getenv("HYDRA_MESOS_SECRET"),
                  mesosFailoverTimeout,
                  mesosUser);
          default ->
              throw new IllegalArgumentException(
                  "--launcher: '" + launcher + "' is not available; use local or mesos");
        };
    ServerConfig config =
        new ServerConfig(
                dataDir, bind, port, dbUrl, dbUser, password(), demo ? jobsDir : null, mesos)
            .withLeaderLease(leaseFlag())
            .withAuth(auth, System.getenv("HYDRA_BOOTSTRAP_TOKEN"))
            .withRateLimit(rateLimit, Math.max(ServerConfig.DEFAULT_BURST, rateLimit))
            .withNotify(
                notifyWebhook == null
                    ? null
                    : new NotifyConfig(
                        notifyWebhook,
                        notifyOn,
                        notifyFormat,
                        System.getenv("HYDRA_NOTIFY_SECRET"),
                        8,
                        Duration.ofSeconds(5)))
            .withSecretsFile(secretsFile)
            .withOwnerWeights(OwnerWeights.parse(ownerWeights));
    HydraServer server = new HydraServer(config);
    CountDownLatch stopped = new CountDownLatch(1);
    // Before the embedded PostgreSQL stops: the engine ends its work and gives up its lease.
    ShutdownSequence.first(
        () -> {
          server.close();
          stopped.countDown();
        });
    server.start();
    System.out.println("Hydra is running: http://" + bind + ":" + server.port() + "/api/v1/health");
    System.out.println("Web UI: http://" + bind + ":" + server.port() + "/");
    stopped.await();
    return 0;
  }

  private Duration leaseFlag() {
    try {
      Duration d = Duration.parse(lease);
      if (d.compareTo(Duration.ofMillis(500)) < 0 || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "--lease: '" + lease + "' must be between PT0.5S and PT10M");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--lease: '" + lease + "' is not an ISO-8601 duration such as PT10S");
    }
  }

  private String password() throws IOException {
    if (dbPasswordFile != null) {
      return Files.readString(dbPasswordFile).strip();
    }
    return System.getenv("HYDRA_DB_PASSWORD");
  }
}
