package io.hydra.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz with the clustered JDBC job store (JobStoreTX, PostgreSQLDelegate, row locks in
 * QRTZ_LOCKS), batch trigger acquisition as wide as the thread pool. One durable job; every task is
 * a trigger of it.
 */
final class QuartzPeer implements Peer {

  private static final Date FAR = Date.from(Instant.parse("2100-01-01T00:00:00Z"));
  private static final JobKey JOB = JobKey.jobKey("bench");

  private final PeerContext ctx;
  private final BenchOptions options;
  private final Recorder recorder;
  private Scheduler scheduler;
  private volatile long burstDueMicros;

  QuartzPeer(PeerContext ctx) {
    this.ctx = ctx;
    this.options = ctx.options();
    this.recorder = ctx.recorder();
  }

  private Scheduler create() throws SchedulerException {
    String ds = "bench";
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", "bench-" + ctx.database());
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
        Integer.toString(options.threads()));
    p.setProperty(
        "org.quartz.scheduler.idleWaitTime",
        Long.toString(Math.max(1000, options.poll().toMillis())));
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(options.threads()));
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", ds);
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    String prefix = "org.quartz.dataSource." + ds + ".";
    p.setProperty(prefix + "connectionProvider.class", QuartzConnections.class.getName());
    p.setProperty(prefix + "jdbcUrl", ctx.postgres().url(ctx.database()));
    p.setProperty(prefix + "poolSize", Integer.toString(ctx.poolSize()));
    Scheduler s = new StdSchedulerFactory(p).getScheduler();
    s.getContext().put(QuartzJob.PEER, this);
    return s;
  }

  @Override
  public void prepare() throws Exception {
    createTables();
    Scheduler setup = create();
    JobDetail job = JobBuilder.newJob(QuartzJob.class).withIdentity(JOB).storeDurably().build();
    setup.addJob(job, false);
    switch (options.workload()) {
      case BURST -> {
        for (int i = 0; i < options.n(); i++) {
          setup.scheduleJob(trigger("b" + i).startAt(FAR).build());
        }
      }
      case CRON -> {
        String cron = CronNext.every(options.period());
        for (int i = 0; i < options.n(); i++) {
          setup.scheduleJob(
              trigger("cron-" + i).withSchedule(CronScheduleBuilder.cronSchedule(cron)).build());
        }
      }
      case DAG -> {}
      default -> throw new IllegalStateException("unknown workload");
    }
    setup.shutdown(true); // closes its pool, so its statistics are counted before the start
  }

  private static TriggerBuilder<Trigger> trigger(String name) {
    return TriggerBuilder.newTrigger().withIdentity(name).forJob(JOB);
  }

  private void createTables() throws Exception {
    String script;
    try (InputStream in =
        Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.trim().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    try (var pool = ctx.postgres().pool(ctx.database(), 1, "quartz-schema");
        Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : sql.toString().split(";")) {
        String trimmed = statement.trim();
        if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("commit")) {
          s.execute(trimmed);
        }
      }
    }
  }

  @Override
  public void start() throws Exception {
    scheduler = create();
    scheduler.start();
  }

  @Override
  public void armBurst(Instant due) throws Exception {
    burstDueMicros = Recorder.micros(due);
    try (var pool = ctx.postgres().pool(ctx.database(), 1, "quartz-arm");
        Connection c = pool.getConnection();
        PreparedStatement p =
            c.prepareStatement("update qrtz_triggers set next_fire_time = ?, start_time = ?")) {
      p.setLong(1, due.toEpochMilli());
      p.setLong(2, due.toEpochMilli());
      p.executeUpdate();
    }
  }

  @Override
  public void releaseBurst() {
    // Nothing to do: the triggers fire at their own time.
  }

  @Override
  public void startDag() throws SchedulerException {
    scheduler.scheduleJob(trigger(Nodes.ROOT).startNow().build());
  }

  void body(JobExecutionContext context) throws SchedulerException {
    String name = context.getTrigger().getKey().getName();
    switch (options.workload()) {
      case BURST -> {
        recorder.started(name, burstDueMicros);
        recorder.ended(name);
      }
      case CRON -> {
        Instant due = context.getScheduledFireTime().toInstant();
        String key = name + "@" + due;
        recorder.started(key, Recorder.micros(due));
        recorder.ended(key);
      }
      case DAG -> {
        recorder.started(name, 0);
        recorder.ended(name);
        // Quartz has no dependencies: a task schedules the ones after it, to fire now.
        Scheduler s = context.getScheduler();
        if (name.equals(Nodes.ROOT)) {
          for (int i = 0; i < options.n(); i++) {
            s.scheduleJob(trigger(Nodes.dependent(i)).startNow().build());
          }
        }
        String next = Nodes.nextInChain(name, options.chainLength());
        if (next != null) {
          s.scheduleJob(trigger(next).startNow().build());
        }
      }
      default -> throw new IllegalStateException("unknown workload");
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      try {
        scheduler.shutdown(false);
      } catch (SchedulerException e) {
        throw new IllegalStateException("cannot stop Quartz", e);
      }
    }
  }
}
