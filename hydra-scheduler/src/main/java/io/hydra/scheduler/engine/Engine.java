package io.hydra.scheduler.engine;

import io.hydra.core.time.Clock;
import io.hydra.scheduler.ha.ChangeListener;
import io.hydra.scheduler.ha.Leadership;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.scheduler.launch.OffThreadLauncher;
import io.hydra.store.ChangeChannel;
import io.hydra.store.Store;
import io.hydra.store.run.Attempt;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop: one thread that fires due schedules, promotes due retries, enforces timeouts
 * and dispatches queued runs, then sleeps until the next due time or until something wakes it.
 * Launcher reports are applied beside it by a {@link ReportApplier}, which wakes it when runs end,
 * and launcher calls are made beside it by an {@link OffThreadLauncher}: a pass never waits on one.
 * Each step logs its errors and the loop goes on; {@link #passTimes} tells how long passes take.
 */
public final class Engine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final Store store;
  private final RunTransitions transitions;
  private final Launcher launcher;
  private final Clock clock;
  private final EngineConfig config;
  private final JobCatalog catalog;
  private final ScheduleFiring firing;
  private final Dispatcher dispatcher;
  private final ReportApplier reports;
  private final Timers timers;
  private final Backfilling backfills;
  private final RequestedKills kills;
  private final Leadership leadership;
  private final StartBacklog backlog = new StartBacklog();
  private final TasksInFlight inFlight = new TasksInFlight();
  private final PassTimes passTimes = new PassTimes();
  private final AtomicBoolean takeoverPending = new AtomicBoolean();
  private ChangeListener changes;
  private final ChangeChannel channel;
  private final LoopSignals signals;

  private volatile boolean running;
  private Thread thread;

  public Engine(
      Store store, Launcher launcher, Clock clock, EngineConfig config, JobCatalog catalog) {
    this(store, launcher, clock, config, catalog, true);
  }

  /**
   * With {@code offThread} false the launcher is called on the caller's thread: only for a test
   * that drives the engine one deterministic pass at a time.
   */
  Engine(
      Store store,
      Launcher launcher,
      Clock clock,
      EngineConfig config,
      JobCatalog catalog,
      boolean offThread) {
    this.store = store;
    this.clock = clock;
    this.config = config;
    this.catalog = catalog;
    this.signals = new LoopSignals(clock, config.idlePoll(), config.quietPoll());
    this.leadership = new Leadership(store, config.leaderLease(), this::leadershipGained);
    this.channel = new ChangeChannel(store);
    if (offThread) {
      launcher = new OffThreadLauncher(launcher, leadership::term); // the loop never waits on it
    }
    this.launcher = launcher;
    launcher.orderBy(config.fairShare());
    // Every engine write is fenced: it commits only while this instance holds the lease.
    Store fenced = store.guardedBy(leadership::check);
    this.kills = new RequestedKills(launcher);
    this.transitions = new RunTransitions(catalog);
    RunCreation creation = new RunCreation(catalog, transitions);
    this.dispatcher =
        new Dispatcher(
            fenced,
            transitions,
            catalog,
            launcher,
            clock,
            config.batchSize(),
            config.fairShare(),
            leadership::isLeader,
            backlog,
            inFlight);
    this.firing =
        new ScheduleFiring(
            fenced,
            kills,
            catalog,
            creation,
            transitions,
            dispatcher,
            clock,
            config.maxMissedRecorded(),
            config.batchSize(),
            backlog);
    this.backfills = new Backfilling(fenced, kills, catalog, creation, clock);
    this.reports =
        new ReportApplier(
            new StatusHandler(fenced, catalog, transitions, clock, launcher),
            leadership::isLeader,
            signals::runsEnded,
            config.batchSize(),
            config.idlePoll(),
            backlog::pending,
            store.outages(),
            inFlight,
            ReportApplier.Lingering.DEFAULT);
    this.timers = new Timers(fenced, kills, clock, config.batchSize(), catalog, transitions);
  }

  /**
   * Starts listening to the launcher and to other instances, and competes for the leader lease; the
   * loop schedules only while this instance leads.
   */
  public synchronized void start() {
    if (running) {
      return;
    }
    catalog.reload(store);
    firing.reload();
    reports.start();
    launcher.start(reports::report);
    changes = new ChangeListener(channel, this::onChange);
    changes.start();
    channel.start();
    running = true;
    thread = new Thread(this::loop, "hydra-engine");
    thread.setDaemon(true);
    thread.start();
    leadership.start();
  }

  /**
   * Test seam: wires the launcher to the reports and starts no thread; drive it with {@link #step}.
   */
  void startStepped() {
    launcher.start(reports::report);
  }

  /**
   * Test seam: one loop pass on the caller's thread, after a renewal of the lease by the caller: a
   * takeover in a new term, every report received so far applied, then a tick as after a wake.
   */
  void step() {
    if (leadership.isLeader()) {
      if (takeoverPending.getAndSet(false)) {
        takeOver();
      }
      reports.applyNow();
      signals.wake();
      tick();
    }
  }

  /** On the lease thread: the loop takes over before its next step. */
  private void leadershipGained() {
    takeoverPending.set(true);
    signals.wake();
  }

  /**
   * A new leadership term: definitions and due times may have changed under another leader, and
   * attempts it left active are reconciled with the launcher instead of launched again.
   */
  private void takeOver() {
    inFlight.reset();
    catalog.reloadIfChanged(store);
    firing.reload();
    kills.forget();
    record Active(List<Attempt> attempts, Set<String> neverSent) {}
    Active active =
        store.read(tx -> new Active(tx.attempts().active(), tx.attempts().activeNeverSent()));
    Reconciliation.reconcile(launcher, active.attempts(), active.neverSent());
  }

  /** A notification from any instance (this one included). */
  private void onChange(String change) {
    // Listening (again): changes made while it was not are not lost, since they are in the tables.
    // Read again only if the table changed since the last full read: the resync that follows every
    // start, and the notice of this instance's own apply, would otherwise read every definition a
    // second time (seconds of CPU and a second catalog in memory at a million jobs).
    if (change.equals(ChangeListener.ALL_JOBS) || change.equals(ChangeChannel.RESYNC)) {
      catalog.reloadIfChanged(store);
      firing.reload();
    } else if (change.equals(ChangeListener.CALENDARS)) {
      catalog.reloadCalendars(store);
    } else if (change.startsWith(ChangeListener.JOB_PREFIX)) {
      String job = change.substring(ChangeListener.JOB_PREFIX.length());
      catalog.reload(store, job);
      firing.refresh(job);
    }
    signals.wake();
  }

  public Leadership leadership() {
    return leadership;
  }

  /**
   * Something changed (a trigger, a re-run, a kill): look again now rather than at the next tick.
   * Other instances hear it too, so a change made through a follower reaches the leader.
   */
  public void wake() {
    signals.wake();
    ChangeListener.notify(store, ChangeListener.WAKE);
  }

  /** A job definition changed: reload definitions and its due time, here and elsewhere. */
  public void jobChanged(String job) {
    catalog.reload(store, job);
    firing.refresh(job);
    signals.wake();
    ChangeListener.notify(store, ChangeListener.JOB_PREFIX + job);
  }

  /**
   * Many job definitions changed at once (an apply): one reload and one notification, not one per
   * job, which would cost every instance a full reload per job.
   */
  public void jobsChanged(Collection<String> jobs) {
    if (jobs.isEmpty()) {
      return;
    }
    catalog.reload(store);
    firing.reload();
    signals.wake();
    ChangeListener.notify(store, ChangeListener.ALL_JOBS);
  }

  private void loop() {
    while (running) {
      try {
        if (leadership.isLeader()) {
          long passStarted = System.nanoTime();
          if (takeoverPending.getAndSet(false)) {
            takeOver();
            signals.forceAll();
          }
          tick();
          passTimes.record(System.nanoTime() - passStarted);
        }
        signals.awaitWork(firing::nextDue, this::safeNextTimer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        StepFailures.log(store.outages(), log, "Engine step failed; continuing", e);
        pause();
      }
    }
  }

  /**
   * One pass over the steps; each step is independent and committed on its own. The housekeeping
   * steps cost a transaction each, so a pass woken only by runs ending (the hot path of a busy
   * engine) skips them unless a timer row is due or they have not run for an idle poll; their rows
   * stay the truth, this only decides when to look at them.
   */
  void tick() {
    signals.takeTokens();
    int leftQueued = step("fire schedules", firing::fireDue);
    // Dispatch before housekeeping, so a wake for new work (a resume, a trigger) launches it
    // without waiting for the housekeeping transactions; again after, for what they queued. Fires
    // that started their runs themselves leave nothing to claim.
    if (signals.dispatchWanted() || leftQueued > 0) {
      dispatch();
    }
    int queued = 0;
    if (signals.housekeepingDue()) {
      queued += step("promote retries", timers::promoteDueRetries);
      queued += step("start pipeline retries", timers::startDuePipelineRetries);
      step("enforce timeouts", timers::enforceTimeouts);
      step("send requested kills", () -> kills.sendPending(store));
      queued += step("fail stale upstream waits", timers::failStaleWaits);
      queued += step("advance backfills", backfills::advance);
      signals.housekeepingDone();
    } else if (backfills.active()) {
      // A run that ended may let a backfill's next run start.
      queued += step("advance backfills", backfills::advance);
    }
    if (queued > 0) {
      dispatch();
    }
    if (!signals.dispatchWanted() && !firing.isDue(clock.now())) {
      backlog.drained();
    }
  }

  private void dispatch() {
    try {
      // Wanted again next pass, without waiting, if a backlog is left beyond this pass's bound.
      signals.dispatched(dispatcher.dispatch() >= dispatcher.maxPerPass());
    } catch (RuntimeException e) {
      StepFailures.log(store.outages(), log, "Engine step 'dispatch' failed; continuing", e);
      signals.dispatchFailed();
    }
  }

  /** Runs one step; returns what it reports having done (0 when it failed). */
  private int step(String name, IntSupplier work) {
    boolean[] failed = {false};
    IntSupplier noted =
        () -> {
          try {
            return work.getAsInt();
          } catch (RuntimeException e) {
            failed[0] = true;
            throw e;
          }
        };
    int done = StepFailures.run(store.outages(), log, "Engine step '" + name + "'", noted);
    if (failed[0]) {
      signals.stepFailed(); // tried again after an idle poll, not a quiet one
    }
    return done;
  }

  private Optional<Instant> safeNextTimer() {
    try {
      return timers.nextWake();
    } catch (RuntimeException e) {
      StepFailures.log(store.outages(), log, "Cannot read timers; polling", e);
      signals.forceAll();
      return Optional.empty();
    }
  }

  private void pause() {
    try {
      Thread.sleep(config.idlePoll().toMillis()); // back off after an unexpected failure
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public JobCatalog catalog() {
    return catalog;
  }

  /** The one applier of run transitions, shared by the services that change runs. */
  RunTransitions transitions() {
    return transitions;
  }

  public EngineConfig config() {
    return config;
  }

  public Launcher launcher() {
    return launcher;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The one LISTEN connection of this instance, listening from {@link #start}: others in the
   * process (the event stream) subscribe to it instead of opening their own.
   */
  public ChangeChannel changeChannel() {
    return channel;
  }

  /** How long the loop's passes take. */
  public PassTimes passTimes() {
    return passTimes;
  }

  @Override
  public synchronized void close() {
    running = false;
    // The loop stops before the lease is given up: a step still running after that would only
    // fail the fence and log it.
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reports.close();
    // Calls still running end before the lease is given up; waiting ones are dropped.
    launcher.close();
    leadership.close();
    if (changes != null) {
      changes.close();
      channel.close();
    }
  }
}
