package io.hydra.web.cli;

import io.hydra.scheduler.launch.mesos.MesosConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Turns the {@code --mesos-*} flags into a {@link MesosConfig}; bad values name their flag. */
final class MesosFlags {

  private MesosFlags() {}

  static MesosConfig toConfig(
      String masters,
      String role,
      String principal,
      Path secretFile,
      String secretEnv,
      String failoverTimeout,
      String user) {
    if (masters == null || masters.isBlank()) {
      throw new IllegalArgumentException(
          "--mesos-master is required with --launcher mesos, e.g. http://host:5050");
    }
    List<URI> uris;
    try {
      uris = MesosConfig.parseMasters(masters);
      for (URI u : uris) {
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
            || u.getHost() == null) {
          throw new IllegalArgumentException("'" + u + "' is not http(s)://host:port");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--mesos-master: " + e.getMessage() + " (expected http://host:5050[,http://host2:5050])",
          e);
    }
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("--mesos-master: no master given in '" + masters + "'");
    }
    // Mesos's own rules for role names.
    if (role != null
        && (role.isBlank()
            || role.equals(".")
            || role.equals("..")
            || role.startsWith("-")
            || role.startsWith("/")
            || role.endsWith("/")
            || role.contains("//")
            || role.chars().anyMatch(Character::isWhitespace))) {
      throw new IllegalArgumentException("--mesos-role: '" + role + "' is not a valid role");
    }
    Duration failover;
    try {
      failover =
          failoverTimeout == null
              ? MesosConfig.DEFAULT_FAILOVER_TIMEOUT
              : Duration.parse(failoverTimeout);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--mesos-failover-timeout: '"
              + failoverTimeout
              + "' is not an ISO-8601 duration such as PT168H",
          e);
    }
    if (failover.isNegative() || failover.isZero()) {
      throw new IllegalArgumentException(
          "--mesos-failover-timeout must be positive, got " + failoverTimeout);
    }
    String secret = secretEnv;
    if (secretFile != null) {
      try {
        secret = Files.readString(secretFile).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("--mesos-secret-file: cannot read " + secretFile, e);
      }
    }
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
    if (secret != null && (principal == null || principal.isBlank())) {
      throw new IllegalArgumentException(
          "--mesos-principal is required when a Mesos secret is given");
    }
    return MesosConfig.of(uris)
        .withRole(role)
        .withUser(user)
        .withCredentials(principal == null || principal.isBlank() ? null : principal, secret)
        .withFailoverTimeout(failover);
  }
}
