package io.hydra.web;

import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.launch.mesos.MesosConfig;
import io.hydra.web.notify.NotifyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How a Hydra server is set up. With no {@code dbUrl}, an embedded PostgreSQL lives in {@code
 * dataDir}; task sandboxes and logs live there too.
 *
 * @param mesos where to run tasks on Mesos; null runs them as local processes
 * @param auth {@code token} or {@code none}; null picks none on a loopback bind and refuses to
 *     start on any other
 * @param bootstrapToken stored as the admin token {@code bootstrap} at start (may be null)
 * @param ratePerSecond requests per second per token (per address without auth); 0 is no limit
 * @param rateBurst requests a caller may send at once before the rate applies
 * @param notifications where run events are sent; null sends none
 * @param secretsFile properties file of secrets that {@code ${secret:NAME}} in task.env names
 * @param leaderLease how long the leader lease lasts unrenewed (takeover time after a crash)
 * @param ownerWeights each owner's weight in the fair share of capacity (missing: 1)
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
    String auth,
    String bootstrapToken,
    double ratePerSecond,
    double rateBurst,
    NotifyConfig notifications,
    Path secretsFile,
    Duration leaderLease,
    Map<String, Double> ownerWeights) {

  public ServerConfig {
    ownerWeights = ownerWeights == null ? Map.of() : Map.copyOf(ownerWeights);
  }

  public static final double DEFAULT_RATE = 100;
  public static final double DEFAULT_BURST = 200;

  /** A server with the default auth (none on loopback) and rate limit. */
  public ServerConfig(
      Path dataDir,
      String bind,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      Path demoJobsDir,
      MesosConfig mesos) {
    this(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        null,
        null,
        DEFAULT_RATE,
        DEFAULT_BURST,
        null,
        null,
        EngineConfig.DEFAULT_LEASE,
        Map.of());
  }

  /** A server with the local launcher. */
  public ServerConfig(
      Path dataDir,
      String bind,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      Path demoJobsDir) {
    this(dataDir, bind, port, dbUrl, dbUser, dbPassword, demoJobsDir, null);
  }

  public ServerConfig withAuth(String mode, String bootstrap) {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        mode,
        bootstrap,
        ratePerSecond,
        rateBurst,
        notifications,
        secretsFile,
        leaderLease,
        ownerWeights);
  }

  public ServerConfig withRateLimit(double perSecond, double burst) {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        auth,
        bootstrapToken,
        perSecond,
        burst,
        notifications,
        secretsFile,
        leaderLease,
        ownerWeights);
  }

  public ServerConfig withNotify(NotifyConfig config) {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        auth,
        bootstrapToken,
        ratePerSecond,
        rateBurst,
        config,
        secretsFile,
        leaderLease,
        ownerWeights);
  }

  public ServerConfig withSecretsFile(Path file) {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        auth,
        bootstrapToken,
        ratePerSecond,
        rateBurst,
        notifications,
        file,
        leaderLease,
        ownerWeights);
  }

  public ServerConfig withLeaderLease(Duration lease) {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        auth,
        bootstrapToken,
        ratePerSecond,
        rateBurst,
        notifications,
        secretsFile,
        lease,
        ownerWeights);
  }

  public Path tasksDir() {
    return dataDir.resolve("tasks");
  }

  public ServerConfig withOwnerWeights(Map<String, Double> weights) {
    return new ServerConfig(
        dataDir,
        bind,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        demoJobsDir,
        mesos,
        auth,
        bootstrapToken,
        ratePerSecond,
        rateBurst,
        notifications,
        secretsFile,
        leaderLease,
        weights);
  }
}
