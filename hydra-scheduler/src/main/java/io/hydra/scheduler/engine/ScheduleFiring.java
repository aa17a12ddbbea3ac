package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.core.schedule.CronSchedule;
import io.hydra.core.schedule.FirePlan;
import io.hydra.core.schedule.Timetable;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.engine.DueFires.Entry;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.job.Schedules;
import io.hydra.store.run.NewRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules. Keeps an in-memory index of each job's next fire time ({@link DueFires}),
 * rebuilt from the {@code job_schedule} rows, so a tick looks only at what is due. A fire creates
 * its run and advances the job's next fire time in one transaction. Which fires are due, run or
 * skipped is decided by {@link FirePlan}, pure and tested on its own; this class reads and writes
 * the store around it, and batches fires so that thousands due at once commit quickly.
 */
final class ScheduleFiring {

  private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

  private final Store store;
  private final RequestedKills kills;
  private final JobCatalog catalog;
  private final RunCreation creation;
  private final RunTransitions transitions;
  private final Dispatcher starter;
  private final StartBacklog backlog;
  private final Clock clock;
  private final int maxMissedRecorded;
  private final int batchSize;
  private static final int FIRST_BATCH = 50;

  /** Batches of at least twice this many fires are written as two halves at once. */
  private static final int MIN_HALF = 100;

  /** Writes the second half of a batch; its one thread ends when idle, so nothing is closed. */
  private final ExecutorService helper = halfWriter();

  private static ExecutorService halfWriter() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "hydra-fire");
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private int nextBatch;
  private final DueFires index = new DueFires();

  ScheduleFiring(
      Store store,
      RequestedKills kills,
      JobCatalog catalog,
      RunCreation creation,
      RunTransitions transitions,
      Dispatcher starter,
      Clock clock,
      int maxMissedRecorded,
      int batchSize,
      StartBacklog backlog) {
    this.starter = starter;
    this.backlog = backlog;
    this.store = store;
    this.kills = kills;
    this.catalog = catalog;
    this.creation = creation;
    this.transitions = transitions;
    this.clock = clock;
    this.maxMissedRecorded = maxMissedRecorded;
    this.batchSize = batchSize;
    this.nextBatch = Math.min(FIRST_BATCH, batchSize);
  }

  /** Rebuilds the whole index from the database. */
  void reload() {
    Map<String, Instant> next = new HashMap<>();
    for (Schedules.Due due : store.read(tx -> tx.schedules().all())) {
      next.put(due.job(), due.nextFireAt());
    }
    index.replaceAll(next);
  }

  /** Re-reads one job's next fire after its definition changed. */
  void refresh(String job) {
    Optional<Instant> next = store.read(tx -> tx.schedules().nextFire(job));
    index.update(List.of(job), next.map(at -> Map.of(job, at)).orElse(Map.of()));
  }

  /** Whether a fire is due at {@code now}. */
  boolean isDue(Instant now) {
    return index.isDue(now);
  }

  Optional<Instant> nextDue() {
    return index.nextDue();
  }

  /**
   * Fires the next batch of what is due now, earliest first; returns how many of the runs it
   * created it did not start itself, for the dispatcher (or the runs that dependents of skipped
   * fires may have released). Fires are committed in batches (each fire is guarded by its own
   * conditional advance, so a batch fires each job at most once, as single fires do), and the loop
   * moves on to dispatch between batches, so the first runs start while later fires are still being
   * written.
   */
  int fireDue() {
    Instant now = clock.now();
    List<Entry> batch = index.takeDue(now, nextBatch);
    if (batch.isEmpty()) {
      return 0; // no transaction for nothing: this runs on every pass of the loop
    }
    backlog.more();
    // The first batch after a quiet spell is small, so its runs are dispatched soon; while
    // fires keep coming (thousands due at one boundary) batches grow to the configured size.
    nextBatch = index.isDue(now) ? Math.min(nextBatch * 4, batchSize) : FIRST_BATCH;
    int end = batch.size();
    if (end < 2 * MIN_HALF) {
      return fireBatch(batch);
    }
    // Two halves at once, each in its own transaction: one waits on the database while the
    // other builds its statements. They touch different jobs (a job is due once at a time).
    int half = end / 2;
    CompletableFuture<Integer> second =
        CompletableFuture.supplyAsync(() -> fireBatch(batch.subList(half, end)), helper);
    int left = fireBatch(batch.subList(0, half));
    return left + second.join();
  }

  /**
   * Fires a batch in one transaction, or one by one if that fails; returns the runs created that it
   * did not start.
   */
  private int fireBatch(List<Entry> batch) {
    int created;
    try {
      Fired fired =
          store.inTransaction(
              tx -> {
                AfterCommit out = new AfterCommit();
                Map<String, Instant> moved = new HashMap<>();
                return new Fired(fireAll(tx, batch, out, moved), out, moved);
              });
      // Once committed: kills (concurrency: replace), then the runs it could start at once.
      fired.out().send(kills, starter);
      created = fired.left();
      updateIndex(batch, fired.moved());
    } catch (RuntimeException e) {
      if (StepFailures.notAboutTheBatch(e)) {
        // One by one would fail the same way: all stay due, and fire when the database is back
        // (or when this instance leads again; a new term reloads them anyway).
        StepFailures.log(
            store.outages(), log, "Firing " + batch.size() + " schedules failed; will retry", e);
        index.putBack(batch);
        return 0;
      }
      log.warn("Firing {} schedules together failed; firing them one by one", batch.size(), e);
      created = fireEach(batch);
    }
    return created;
  }

  /**
   * What a transaction of fires did: the runs it left queued, what to send once committed, and the
   * next fire it wrote for each job it fired (null for none).
   */
  private record Fired(int left, AfterCommit out, Map<String, Instant> moved) {}

  private int fireEach(List<Entry> entries) {
    int created = 0;
    for (Entry entry : entries) {
      try {
        Fired fired =
            store.inTransaction(
                tx -> {
                  AfterCommit out = new AfterCommit();
                  return new Fired(fire(tx, entry.job(), entry.at(), out), out, Map.of());
                });
        fired.out().send(kills, starter);
        created += fired.left();
        rereadFired(List.of(entry.job()));
      } catch (RuntimeException e) {
        StepFailures.log(
            store.outages(),
            log,
            "Firing " + entry.job() + " at " + entry.at() + " failed; will retry",
            e);
        index.putBack(List.of(entry));
      }
    }
    return created;
  }

  /**
   * Puts the next fire of a batch's jobs back in the index: the one this instance wrote for those
   * it fired, and the database's (one query) for those another instance fired first.
   */
  private void updateIndex(List<Entry> batch, Map<String, Instant> moved) {
    index.fired(moved.keySet(), moved); // a null next fire reads as none
    List<String> others =
        batch.stream().map(Entry::job).filter(j -> !moved.containsKey(j)).toList();
    if (!others.isEmpty()) {
      rereadFired(others);
    }
  }

  private void rereadFired(List<String> jobs) {
    index.fired(jobs, store.read(tx -> tx.schedules().nextFires(jobs)));
  }

  /** One due entry's job, its schedules and calendars, and what firing it owes. */
  private record JobFires(JobSpec spec, Timetable timetable, FirePlan plan) {}

  /** The job's schedules merged, with the calendars as the catalog last read them. */
  private Timetable timetable(JobSpec spec) {
    return Timetable.of(spec.allSchedules(), this::cron, catalog.calendars());
  }

  /**
   * Fires a batch with a few statements in all: one conditional advance of every job's next fire (a
   * job another instance fired already is left out, as in {@link #fire}), and the runs created
   * together by {@link RunCreation#createAll}. Each job fires as {@link #fire} would. The runs that
   * can start at once are started in the same transaction ({@link Dispatcher#startCreated}), their
   * launches added to {@code out} for after the commit.
   */
  private int fireAll(Tx tx, List<Entry> entries, AfterCommit out, Map<String, Instant> moved) {
    Instant now = clock.now();
    List<JobFires> plans = new ArrayList<>();
    // Jobs with the same schedules due at the same instant (thousands at one boundary) share
    // the plan computed for the first of them.
    Map<Map.Entry<List<ScheduleSpec>, Instant>, FirePlan> shared = new HashMap<>();
    for (Entry entry : entries) {
      JobSpec spec = catalog.spec(entry.job()).orElse(null);
      if (spec == null || spec.schedule() == null) {
        tx.schedules().remove(entry.job());
        moved.put(entry.job(), null);
        continue;
      }
      Timetable timetable = timetable(spec);
      FirePlan plan =
          shared.computeIfAbsent(
              Map.entry(spec.allSchedules(), entry.at()),
              key -> FirePlan.of(timetable, key.getValue(), now));
      plans.add(new JobFires(spec, timetable, plan));
    }
    Set<String> won =
        tx.schedules()
            .advanceAll(
                plans.stream()
                    .map(
                        p ->
                            new Schedules.Advance(
                                p.spec().name(), p.plan().dueAt(), p.plan().next()))
                    .toList());
    List<RunCreation.Fire> fires = new ArrayList<>();
    for (JobFires p : plans) {
      if (!won.contains(p.spec().name())) {
        continue; // another instance fired it already
      }
      moved.put(p.spec().name(), p.plan().next());
      FirePlan.Decision decision = p.plan().decide(p.timetable(), p.spec().pausedFlag(), now);
      recordSkipped(tx, p.spec(), decision, now);
      decision.run().forEach(t -> fires.add(new RunCreation.Fire(p.spec(), t)));
    }
    RunCreation.Batch created =
        creation.createAll(tx, fires, RunCause.SCHEDULE, starter::startsAtOnce, now, out);
    List<LaunchRequest> launches =
        new ArrayList<>(starter.startFirstAttempts(tx, created.started()));
    launches.addAll(starter.startCreated(tx, created.queued()));
    out.launchAll(launches);
    return fires.size() - launches.size();
  }

  /**
   * Parsed schedules, shared by jobs with the same one (parsing is what a fire costs most on this
   * side); bounded, so many distinct schedules cannot grow it without limit.
   */
  private final Map<ScheduleSpec, CronSchedule> crons =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ScheduleSpec, CronSchedule> eldest) {
          return size() > 4096;
        }
      };

  private synchronized CronSchedule cron(ScheduleSpec schedule) {
    return crons.computeIfAbsent(schedule, CronSchedule::parse);
  }

  private int fire(Tx tx, String job, Instant dueAt, AfterCommit out) {
    JobSpec spec = catalog.spec(job).orElse(null);
    if (spec == null || spec.schedule() == null) {
      tx.schedules().remove(job);
      return 0;
    }
    Instant now = clock.now();
    Timetable timetable = timetable(spec);
    FirePlan plan = FirePlan.of(timetable, dueAt, now);
    if (!tx.schedules().advance(job, plan.dueAt(), plan.next())) {
      return 0; // another instance fired it already
    }
    FirePlan.Decision decision = plan.decide(timetable, spec.pausedFlag(), now);
    recordSkipped(tx, spec, decision, now);
    for (Instant t : decision.run()) {
      creation.create(tx, spec, t, RunCause.SCHEDULE, Map.of(), now, out);
    }
    return decision.run().size();
  }

  /**
   * Records the fires not run as skipped runs (missed, paused, or on a date a calendar excludes),
   * the newest {@code maxMissedRecorded} of them.
   */
  private void recordSkipped(Tx tx, JobSpec spec, FirePlan.Decision decision, Instant now) {
    int version = catalog.job(spec.name()).map(j -> j.version()).orElse(0);
    List<NewRun> skipped = new ArrayList<>();
    for (FirePlan.Skip skip : decision.recorded(maxMissedRecorded)) {
      skipped.add(
          new NewRun(
              spec.name(),
              skip.fire(),
              version,
              RunState.SKIPPED,
              skip.reason(),
              RunCause.SCHEDULE,
              Map.of()));
    }
    // Created through the applier: a skipped fire reaches its dependents as any other skip does.
    transitions.create(tx, skipped, now);
  }
}
