package io.hydra.web;

import io.hydra.core.job.JobSpec;
import io.hydra.core.queue.FairShare;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.BackfillService;
import io.hydra.scheduler.engine.Engine;
import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.engine.JobApply;
import io.hydra.scheduler.engine.JobCatalog;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.local.LocalLauncher;
import io.hydra.scheduler.launch.mesos.MesosLauncher;
import io.hydra.scheduler.launch.mesos.StoredFrameworkIdStore;
import io.hydra.scheduler.launch.mesos.StoredLaunchJournal;
import io.hydra.scheduler.pipeline.DeadlineWatch;
import io.hydra.store.Database;
import io.hydra.store.DatabaseConfig;
import io.hydra.store.Store;
import io.hydra.web.api.Api;
import io.hydra.web.auth.AuthMode;
import io.hydra.web.auth.RateLimiter;
import io.hydra.web.auth.Tokens;
import io.hydra.web.events.RunChanges;
import io.hydra.web.internal.DemoJobs;
import io.hydra.web.metrics.HydraMetrics;
import io.hydra.web.metrics.MeteredLauncher;
import io.hydra.web.notify.Notifier;
import io.hydra.web.secrets.SecretResolvingLauncher;
import io.hydra.web.secrets.SecretStore;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Hydra process: database, engine with its launcher, and the HTTP API. */
public final class HydraServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HydraServer.class);

  private final ServerConfig config;
  private Database database;

  /**
   * How often the leader looks for runs at risk of missing their deadline: a warning at most this
   * late, for a few indexed reads, and none at all without a job that declares a deadline.
   */
  private static final Duration DEADLINE_CHECK = Duration.ofSeconds(15);

  private Engine engine;
  private DeadlineWatch deadlines;
  private Javalin http;
  private RunChanges changes;
  private HydraMetrics metrics;
  private Notifier notifier;
  private JobService jobs;

  public HydraServer(ServerConfig config) {
    this.config = config;
  }

  public HydraServer start() {
    // Refuse an unsafe auth setting before anything starts.
    boolean tokens = AuthMode.tokensRequired(config.auth(), config.bind());
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
    }
    database = Database.open(databaseConfig());
    Store store = database.store();
    if (tokens && config.bootstrapToken() != null && !config.bootstrapToken().isBlank()) {
      new Tokens(store).bootstrap(config.bootstrapToken().strip());
    }
    metrics = new HydraMetrics(database, store);
    Launcher launcher = new MeteredLauncher(launcher(store), metrics.registry());
    if (config.secretsFile() != null) {
      launcher = new SecretResolvingLauncher(launcher, new SecretStore(config.secretsFile()));
    }
    engine =
        new Engine(
            store,
            launcher,
            Clock.system(),
            EngineConfig.defaults()
                .withLeaderLease(config.leaderLease())
                .withFairShare(new FairShare(config.ownerWeights())),
            new JobCatalog());
    engine.start();
    metrics.observe(engine.passTimes());
    deadlines =
        new DeadlineWatch(
            store, engine.catalog()::graph, engine.clock(), engine.leadership()::isLeader);
    deadlines.start(DEADLINE_CHECK);
    metrics.observe(deadlines);
    jobs = new JobService(store, engine);
    RunService runs = new RunService(store, engine);
    if (config.demoJobsDir() != null) {
      new DemoJobs(jobs).load(config.demoJobsDir());
    }
    changes = new RunChanges(store, engine.changeChannel());
    metrics.observe(changes);
    // Jobs may name webhooks of their own, so the notifier runs even without a server default.
    notifier =
        new Notifier(
            store,
            config.notifications(),
            System.getenv("HYDRA_NOTIFY_SECRET"),
            job -> engine.catalog().spec(job).map(JobSpec::notifications).orElse(List.of()),
            changes);
    notifier.followAlerts(engine.changeChannel());
    changes.start();
    http =
        Api.create(
            jobs,
            runs,
            new BackfillService(store, engine),
            store,
            engine.clock(),
            engine.leadership(),
            changes,
            metrics,
            security());
    http.start(config.bind(), config.port());
    log.info(
        "Hydra is listening on http://{}:{}/api/v1 (data in {})",
        config.bind(),
        port(),
        config.dataDir().toAbsolutePath());
    return this;
  }

  private Api.Security security() {
    boolean tokens = AuthMode.tokensRequired(config.auth(), config.bind());
    return new Api.Security(tokens, new RateLimiter(config.ratePerSecond(), config.rateBurst()));
  }

  private Launcher launcher(Store store) {
    if (config.mesos() != null) {
      MesosLauncher mesos =
          new MesosLauncher(
              config.mesos(),
              new StoredFrameworkIdStore(store, Clock.system()),
              new StoredLaunchJournal(store, Clock.system()));
      metrics.observe(mesos.offerCounts());
      return mesos;
    }
    return new LocalLauncher(config.tasksDir());
  }

  private DatabaseConfig databaseConfig() {
    if (config.dbUrl() == null || config.dbUrl().isBlank()) {
      return DatabaseConfig.embedded(config.dataDir());
    }
    return DatabaseConfig.external(config.dbUrl(), config.dbUser(), config.dbPassword());
  }

  /** Every endpoint of the API as "METHOD path". */
  public List<String> routes() {
    return Api.routes(http);
  }

  /**
   * The apply behind {@code POST /api/v1/apply}, for callers in this JVM (the scale bench times its
   * parts, which the HTTP answer does not carry).
   */
  public JobApply jobApply() {
    return new JobApply(jobs);
  }

  public int port() {
    return http.port();
  }

  @Override
  public void close() {
    if (http != null) {
      http.stop();
    }
    if (changes != null) {
      changes.close();
    }
    if (notifier != null) {
      try {
        notifier.close();
      } catch (Exception e) {
        log.warn("Closing the notifier failed", e);
      }
    }
    if (metrics != null) {
      try {
        metrics.close();
      } catch (Exception e) {
        log.warn("Closing metrics failed", e);
      }
    }
    if (deadlines != null) {
      deadlines.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
