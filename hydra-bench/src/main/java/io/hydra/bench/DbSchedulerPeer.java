package io.hydra.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * db-scheduler in lock-and-fetch mode ({@code select ... for update skip locked} of a batch, marked
 * picked in the same statement). A burst is N instances of one one-time task; cron is N recurring
 * tasks; the dag is one one-time task whose body schedules what follows it.
 */
final class DbSchedulerPeer implements Peer {

  private static final String TASK = "bench";
  private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");

  private final PeerContext ctx;
  private final BenchOptions options;
  private final Recorder recorder;
  private final OneTimeTask<Void> oneTime;
  private final List<RecurringTask<Void>> recurring = new ArrayList<>();
  private HikariDataSource pool;
  private Scheduler scheduler;
  private volatile long burstDueMicros;

  DbSchedulerPeer(PeerContext ctx) {
    this.ctx = ctx;
    this.options = ctx.options();
    this.recorder = ctx.recorder();
    this.oneTime = Tasks.oneTime(TASK).execute(this::oneTimeBody);
    if (options.workload() == Workload.CRON) {
      String cron =
          options.period().toSeconds() == 60
              ? "0 * * * * *"
              : "*/" + options.period().toSeconds() + " * * * * *";
      for (int i = 0; i < options.n(); i++) {
        String name = "cron-" + i;
        recurring.add(
            Tasks.recurring(name, Schedules.cron(cron))
                .execute(
                    (inst, c) -> {
                      Instant due = c.getExecution().executionTime;
                      recorder.started(name + "@" + due, Recorder.micros(due));
                      recorder.ended(name + "@" + due);
                    }));
      }
    }
  }

  private void oneTimeBody(TaskInstance<Void> instance, ExecutionContext context) {
    String id = instance.getId();
    if (options.workload() == Workload.BURST) {
      recorder.started(id, burstDueMicros);
      recorder.ended(id);
      return;
    }
    recorder.started(id, 0);
    recorder.ended(id);
    // db-scheduler has no dependencies: a task schedules its dependents itself, due now.
    SchedulerClient client = context.getSchedulerClient();
    if (id.equals(Nodes.ROOT)) {
      for (int i = 0; i < options.n(); i++) {
        client.scheduleIfNotExists(
            SchedulableInstance.of(oneTime.instance(Nodes.dependent(i)), Instant.now()));
      }
    }
    String next = Nodes.nextInChain(id, options.chainLength());
    if (next != null) {
      client.scheduleIfNotExists(SchedulableInstance.of(oneTime.instance(next), Instant.now()));
    }
  }

  @Override
  public void prepare() throws Exception {
    pool = ctx.postgres().pool(ctx.database(), ctx.poolSize(), "db-scheduler");
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(DbSchedulerSchema.POSTGRES);
    }
    if (options.workload() == Workload.BURST) {
      // Written through the client, one execution at a time, as an application would.
      SchedulerClient client = SchedulerClient.Builder.create(pool, oneTime).build();
      for (int i = 0; i < options.n(); i++) {
        client.scheduleIfNotExists(SchedulableInstance.of(oneTime.instance("b" + i), FAR));
      }
    }
    pool.close(); // its statistics reach pg_stat_database before the measurement starts
  }

  @Override
  public void start() {
    pool = ctx.postgres().pool(ctx.database(), ctx.poolSize(), "db-scheduler");
    List<Task<?>> known = new ArrayList<>(List.of(oneTime));
    scheduler =
        Scheduler.create(pool, known)
            .startTasks(recurring)
            .threads(options.threads())
            .pollingInterval(options.poll())
            .pollUsingLockAndFetch(1.0, 4.0)
            .enableImmediateExecution()
            .heartbeatInterval(Duration.ofSeconds(5))
            .build();
    scheduler.start();
  }

  @Override
  public void armBurst(Instant due) throws Exception {
    burstDueMicros = Recorder.micros(due);
    try (Connection c = pool.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "update scheduled_tasks set execution_time = ? where task_name = ?")) {
      p.setTimestamp(1, Timestamp.from(due));
      p.setString(2, TASK);
      p.executeUpdate();
    }
  }

  @Override
  public void releaseBurst() {
    // Nothing to do: the executions are due at the instant they were given.
  }

  @Override
  public void startDag() {
    scheduler.schedule(SchedulableInstance.of(oneTime.instance(Nodes.ROOT), Instant.now()));
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.stop();
    }
    if (pool != null) {
      pool.close();
    }
  }
}
