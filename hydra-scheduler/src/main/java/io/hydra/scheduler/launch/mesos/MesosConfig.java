package io.hydra.scheduler.launch.mesos;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How Hydra talks to a Mesos cluster.
 *
 * @param masters every master the scheduler may try, e.g. {@code http://host:5050}; a non-leader
 *     answers with a redirect to the leader, an unreachable one is skipped
 * @param role the single role Hydra subscribes with and whose resources it uses
 * @param principal the framework principal, or null; with a secret it is also the HTTP basic user
 * @param secret the HTTP basic password for authenticated masters (and agents), or null
 * @param user the Unix user tasks run as; blank means the user running Hydra
 * @param failoverTimeout how long the master keeps tasks running while Hydra is disconnected
 * @param frameworkName shown in the Mesos UI
 * @param checkpoint agents checkpoint tasks, so an agent restart does not lose them
 * @param heartbeatTolerance missed heartbeat intervals after which the stream is presumed dead
 * @param refuseSeconds how long a declined offer's resources stay away (DECLINE filter)
 * @param minBackoff first delay before resubscribing after a failure
 * @param maxBackoff cap of the exponential resubscription delay
 * @param reconcileInterval period of implicit reconciliation (and of repeating unanswered explicit
 *     reconciliation)
 * @param requestTimeout timeout of every non-streaming HTTP request
 */
public record MesosConfig(
    List<URI> masters,
    String role,
    String principal,
    String secret,
    String user,
    Duration failoverTimeout,
    String frameworkName,
    boolean checkpoint,
    int heartbeatTolerance,
    double refuseSeconds,
    Duration minBackoff,
    Duration maxBackoff,
    Duration reconcileInterval,
    Duration requestTimeout) {

  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofDays(7);

  public MesosConfig {
    masters = List.copyOf(Objects.requireNonNull(masters, "masters"));
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("at least one Mesos master is required");
    }
    for (URI m : masters) {
      if (m.getScheme() == null || m.getHost() == null) {
        throw new IllegalArgumentException(
            "Mesos master must look like http://host:5050, got " + m);
      }
    }
    role = role == null || role.isBlank() ? "*" : role;
    // The master requires a user; like Marathon, default to the one running the scheduler.
    user = user == null || user.isBlank() ? System.getProperty("user.name", "root") : user;
    failoverTimeout = failoverTimeout == null ? DEFAULT_FAILOVER_TIMEOUT : failoverTimeout;
    frameworkName = frameworkName == null || frameworkName.isBlank() ? "hydra" : frameworkName;
    if (heartbeatTolerance < 1) {
      throw new IllegalArgumentException("heartbeatTolerance must be >= 1");
    }
    if (refuseSeconds < 0) {
      throw new IllegalArgumentException("refuseSeconds must be >= 0");
    }
    minBackoff = minBackoff == null ? Duration.ofSeconds(1) : minBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= minBackoff");
    }
    reconcileInterval = reconcileInterval == null ? Duration.ofMinutes(5) : reconcileInterval;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
  }

  /** The defaults: role {@code *}, one week failover, 3 missed heartbeats, 30 s refuse filter. */
  public static MesosConfig of(List<URI> masters) {
    return new MesosConfig(
        masters,
        "*",
        null,
        null,
        "",
        DEFAULT_FAILOVER_TIMEOUT,
        "hydra",
        true,
        3,
        30,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30));
  }

  /** Parses {@code http://a:5050,http://b:5050} as given to {@code --mesos-master}. */
  public static List<URI> parseMasters(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> URI.create(s.contains("://") ? s : "http://" + s))
        .toList();
  }

  public MesosConfig withRole(String newRole) {
    return new MesosConfig(
        masters,
        newRole,
        principal,
        secret,
        user,
        failoverTimeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        refuseSeconds,
        minBackoff,
        maxBackoff,
        reconcileInterval,
        requestTimeout);
  }

  public MesosConfig withUser(String newUser) {
    return new MesosConfig(
        masters,
        role,
        principal,
        secret,
        newUser,
        failoverTimeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        refuseSeconds,
        minBackoff,
        maxBackoff,
        reconcileInterval,
        requestTimeout);
  }

  public MesosConfig withCredentials(String newPrincipal, String newSecret) {
    return new MesosConfig(
        masters,
        role,
        newPrincipal,
        newSecret,
        user,
        failoverTimeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        refuseSeconds,
        minBackoff,
        maxBackoff,
        reconcileInterval,
        requestTimeout);
  }

  public MesosConfig withFailoverTimeout(Duration timeout) {
    return new MesosConfig(
        masters,
        role,
        principal,
        secret,
        user,
        timeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        refuseSeconds,
        minBackoff,
        maxBackoff,
        reconcileInterval,
        requestTimeout);
  }

  public MesosConfig withRefuseSeconds(double seconds) {
    return new MesosConfig(
        masters,
        role,
        principal,
        secret,
        user,
        failoverTimeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        seconds,
        minBackoff,
        maxBackoff,
        reconcileInterval,
        requestTimeout);
  }

  public MesosConfig withBackoff(Duration min, Duration max) {
    return new MesosConfig(
        masters,
        role,
        principal,
        secret,
        user,
        failoverTimeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        refuseSeconds,
        min,
        max,
        reconcileInterval,
        requestTimeout);
  }

  public MesosConfig withReconcileInterval(Duration interval) {
    return new MesosConfig(
        masters,
        role,
        principal,
        secret,
        user,
        failoverTimeout,
        frameworkName,
        checkpoint,
        heartbeatTolerance,
        refuseSeconds,
        minBackoff,
        maxBackoff,
        interval,
        requestTimeout);
  }

  /** The secret is never part of a log line or exception message. */
  @Override
  public String toString() {
    return "MesosConfig[masters="
        + masters
        + ", role="
        + role
        + ", principal="
        + principal
        + ", secret="
        + (secret == null ? "none" : "***")
        + ", user="
        + user
        + ", failoverTimeout="
        + failoverTimeout
        + ", frameworkName="
        + frameworkName
        + ", checkpoint="
        + checkpoint
        + ", heartbeatTolerance="
        + heartbeatTolerance
        + ", refuseSeconds="
        + refuseSeconds
        + ", backoff="
        + minBackoff
        + ".."
        + maxBackoff
        + ", reconcileInterval="
        + reconcileInterval
        + "]";
  }
}
