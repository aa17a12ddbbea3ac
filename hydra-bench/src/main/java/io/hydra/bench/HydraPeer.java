package io.hydra.bench;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.Engine;
import io.hydra.scheduler.engine.EngineConfig;
import io.hydra.scheduler.engine.JobCatalog;
import io.hydra.scheduler.engine.JobService;
import io.hydra.scheduler.engine.RunService;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.local.LocalLauncher;
import io.hydra.store.Database;
import io.hydra.store.DatabaseConfig;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.NewRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.io.FileUtils;

/**
 * Hydra: its real engine (default configuration) on its own database, with the in-process no-op
 * launcher or the local launcher. Definitions are written straight to the store, as one
 * transaction, the way a restart finds them; the engine then starts and loads them once.
 */
final class HydraPeer implements Peer, ProcessStarts.Keys {

  static final String BURST_JOB = "burst";

  /** The burst's runs get logical times a millisecond apart from here (task ids use ms). */
  private static final Instant BURST_BASE = Instant.parse("2026-01-01T00:00:00Z");

  /** Every job needs a source of logical time; this one does not fire during a benchmark. */
  private static final String YEARLY = "{cron: '0 0 1 1 *'}";

  /**
   * What each real process asks of the local launcher's budget (the machine's cores). The default,
   * 0.1, lets 20 run at once on two cores: then the budget, not Hydra, sets the pace of a burst of
   * processes that each live a few milliseconds, and the benchmark measures the round trip of one
   * slot. Tasks this short are what a user would declare small.
   */
  private static final double LOCAL_TASK_CPUS = 0.005;

  /**
   * The memory each real process asks for, in MB. The default, 128, let only 183 run at once in
   * this machine's 23 GB, and a burst then measured how fast a slot comes back (the task's end
   * observed, reported and committed) rather than how fast Hydra starts processes.
   */
  private static final double LOCAL_TASK_MEM_MB = 1;

  /** Every round's sandboxes, deleted when the bench ends (see {@link #close}). */
  private static final List<Path> SANDBOXES_TO_DELETE = new CopyOnWriteArrayList<>();

  /** Deletes the sandboxes of every round so far; {@link Bench#run} calls it as it ends. */
  static void deleteSandboxes() {
    for (Path dir : SANDBOXES_TO_DELETE) {
      FileUtils.deleteQuietly(dir.toFile());
      SANDBOXES_TO_DELETE.remove(dir);
    }
  }

  private final PeerContext ctx;
  private final BenchOptions options;
  private volatile long burstDueMicros;
  private Database db;
  private Engine engine;
  private JobService jobs;
  private RunService runs;
  private ProcessStarts processStarts;
  private Path tasksDir;

  HydraPeer(PeerContext ctx) {
    this.ctx = ctx;
    this.options = ctx.options();
  }

  private DatabaseConfig dbConfig() {
    return new DatabaseConfig(
        ctx.postgres().url(ctx.database()), "postgres", null, null, ctx.poolSize());
  }

  @Override
  public void prepare() throws Exception {
    if (options.launcher().equals("local")) {
      tasksDir = Files.createTempDirectory("hydra-bench-tasks");
      processStarts = new ProcessStarts(tasksDir.resolve("starts.log"), ctx.recorder(), this);
    }
    try (Database setup = Database.open(dbConfig())) {
      Store store = new Store(setup.jdbi());
      Instant now = Instant.now();
      store.useTransaction(
          tx -> {
            for (JobSpec spec : specs()) {
              tx.jobs().create(JobService.validated(spec), "bench", "bench", now);
              if (spec.schedule() != null) {
                tx.schedules().put(spec.name(), CronNext.after(spec.schedule(), now));
              }
            }
            if (options.workload() == Workload.BURST) {
              for (int i = 0; i < options.n(); i++) {
                tx.runWrites()
                    .insertIfAbsent(
                        new NewRun(
                            BURST_JOB,
                            BURST_BASE.plusMillis(i),
                            1,
                            RunState.QUEUED,
                            Reason.of(ReasonKind.TRIGGERED),
                            RunCause.MANUAL,
                            Map.of()),
                        now);
              }
            }
          });
    }
  }

  private List<JobSpec> specs() {
    List<JobSpec> out = new ArrayList<>();
    switch (options.workload()) {
      case BURST ->
          out.add(spec(BURST_JOB, "schedule: " + YEARLY + "\nconcurrency: allow\npaused: true"));
      case CRON -> {
        String cron = CronNext.every(options.period());
        for (int i = 0; i < options.n(); i++) {
          out.add(spec("cron-" + i, "schedule: {cron: '" + cron + "', dialect: quartz}"));
        }
      }
      case DAG -> {
        out.add(spec(Nodes.ROOT, "schedule: " + YEARLY));
        for (int i = 0; i < options.n(); i++) {
          out.add(spec(Nodes.dependent(i), "after: [" + Nodes.ROOT + "]"));
        }
        for (int k = 1; k <= options.chainLength(); k++) {
          String upstream = k == 1 ? Nodes.ROOT : Nodes.chain(k - 1);
          out.add(spec(Nodes.chain(k), "after: [" + upstream + "]"));
        }
      }
      default -> throw new IllegalStateException("unknown workload");
    }
    return out;
  }

  private JobSpec spec(String name, String rest) {
    String command = processStarts == null ? "true" : processStarts.command();
    return JobSpecReader.fromYaml(
        "name: "
            + name
            + "\n"
            + rest
            + "\ntask:\n  command: '"
            + command.replace("'", "''")
            + "'\n"
            + (processStarts == null
                ? ""
                : "  resources: {cpus: "
                    + LOCAL_TASK_CPUS
                    + ", mem: "
                    + LOCAL_TASK_MEM_MB
                    + "}\n"));
  }

  @Override
  public void start() throws Exception {
    db = Database.open(dbConfig());
    Store store = new Store(db.jdbi());
    engine =
        new Engine(store, launcher(), Clock.system(), EngineConfig.defaults(), new JobCatalog());
    engine.start();
    jobs = new JobService(store, engine);
    runs = new RunService(store, engine);
  }

  private Launcher launcher() {
    if (processStarts != null) {
      return new LocalLauncher(tasksDir);
    }
    Recorder recorder = ctx.recorder();
    return new InProcessLauncher(
        options.threads(),
        r -> recorder.started(key(r), dueMicros(r)),
        r -> recorder.ended(key(r)));
  }

  /**
   * As {@link #key(String, Instant)}, from the task's environment as given (the logical time as the
   * engine wrote it): the peers' task bodies get their keys without parsing, so Hydra's should not
   * pay for it either.
   */
  private String key(LaunchRequest r) {
    return options.workload() == Workload.DAG
        ? r.job()
        : r.job() + "@" + r.env().get("HYDRA_LOGICAL_TIME");
  }

  private long dueMicros(LaunchRequest r) {
    return options.workload() == Workload.CRON
        ? dueMicros(r.job(), logicalTime(r))
        : dueMicros(r.job(), null);
  }

  private static Instant logicalTime(LaunchRequest r) {
    return Instant.parse(r.env().get("HYDRA_LOGICAL_TIME"));
  }

  @Override
  public String key(String job, Instant logicalTime) {
    return options.workload() == Workload.DAG ? job : job + "@" + logicalTime;
  }

  @Override
  public long dueMicros(String job, Instant logicalTime) {
    return switch (options.workload()) {
      case BURST -> burstDueMicros;
      case CRON -> Recorder.micros(logicalTime);
      case DAG -> 0; // dependents are due when the root ends; the analysis knows that
    };
  }

  @Override
  public void armBurst(Instant due) {
    burstDueMicros = Recorder.micros(due);
  }

  @Override
  public void releaseBurst() {
    // The runs were queued ahead on a paused job: resuming it is what makes them due.
    jobs.setPaused(BURST_JOB, false, "bench");
  }

  @Override
  public void startDag() {
    runs.trigger(Nodes.ROOT, Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of());
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
    if (db != null) {
      db.close();
    }
    if (processStarts != null) {
      processStarts.close();
      // Every round has its own sandboxes (some MB for 10,000 tasks). They are deleted when the
      // bench ends (deleteSandboxes), not now: ext4 scans its recently deleted inodes (half a
      // minute's worth) for every inode it creates, so deleting a round's tens of thousands of
      // files made the next round's file creation several times dearer than a server, which keeps
      // its sandboxes, ever sees.
      SANDBOXES_TO_DELETE.add(tasksDir);
    }
  }
}
