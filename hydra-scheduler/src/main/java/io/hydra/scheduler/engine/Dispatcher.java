package io.hydra.scheduler.engine;

import io.hydra.core.job.ConcurrencyPolicy;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.TaskSpec;
import io.hydra.core.queue.FairShare;
import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Capacity;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskEnvironment;
import io.hydra.core.run.TaskIds;
import io.hydra.core.time.Clock;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.Launcher;
import io.hydra.store.Store;
import io.hydra.store.Tx;
import io.hydra.store.job.StoredJob;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunWrites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts queued runs: records each new attempt as {@code launching} and commits, and only then
 * calls the launcher. A crash between the two leaves a launching attempt that recovery reconciles
 * with the launcher, so no attempt is ever launched twice.
 */
final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final Store store;
  private final RunTransitions transitions;
  private final JobCatalog catalog;
  private final Launcher launcher;
  private final Clock clock;
  private final int batchSize;
  private final FairShare fairShare;
  private final BooleanSupplier mayLaunch;
  private final StartBacklog backlog;
  private final TasksInFlight inFlight;

  /** The first claim of a pass: small, so the first tasks start after a short transaction. */
  private static final int FIRST_BATCH = 25;

  /** At most this many full batches per pass before the loop looks at reports and fires. */
  private static final int BATCHES_PER_PASS = 5;

  Dispatcher(
      Store store,
      RunTransitions transitions,
      JobCatalog catalog,
      Launcher launcher,
      Clock clock,
      int batchSize,
      FairShare fairShare,
      BooleanSupplier mayLaunch,
      StartBacklog backlog,
      TasksInFlight inFlight) {
    this.inFlight = inFlight;
    this.fairShare = fairShare;
    this.mayLaunch = mayLaunch;
    this.backlog = backlog;
    this.store = store;
    this.transitions = transitions;
    this.catalog = catalog;
    this.launcher = launcher;
    this.clock = clock;
    this.batchSize = batchSize;
  }

  /**
   * Launches what it can; returns how many attempts it started. Claims in batches that grow from a
   * small first one, each committed and launched before the next is claimed: the first tasks start
   * after a short transaction while the rest of a large backlog is still being written, and a
   * backlog is then drained with few large transactions. Bounded per pass, so reports and due fires
   * are not held back by a long queue.
   */
  int dispatch() {
    int started = 0;
    int size = Math.min(FIRST_BATCH, batchSize);
    while (started < maxPerPass()) {
      int launched = dispatchBatch(size);
      if (launched < 0) {
        return started; // lost the lease: nothing more this pass
      }
      started += launched;
      if (launched < size) {
        break; // the queue is drained, or the rest does not fit now: look again next pass
      }
      backlog.more(); // a full batch: more are likely queued behind it
      size = Math.min(size * 4, batchSize);
    }
    return started;
  }

  /** The most one pass launches. */
  int maxPerPass() {
    return batchSize * BATCHES_PER_PASS;
  }

  /** One claimed batch, committed then launched; the launches, or -1 if the lease was lost. */
  private int dispatchBatch(int size) {
    List<LaunchRequest> launches =
        store.inTransaction(tx -> start(tx, tx.runQueue().claimDispatchable(size, fairShare)));
    return launch(launches) ? launches.size() : -1;
  }

  /**
   * Starts, in the caller's transaction, runs that transaction has just created queued, as the next
   * {@link #dispatch} would, without its claim and its own commit: a scheduled fire's run is then
   * written and started in one transaction. Takes only runs the claim would take without looking at
   * other runs (a job whose concurrency is {@code forbid} or {@code allow}, not paused), and only
   * when the launcher has no fixed budget: under a budget the dispatcher starts queued runs in
   * priority and fair-share order, and a new run must not pass runs ahead of it waiting for
   * capacity. The rest stay queued for {@link #dispatch}. Returns the launches, for {@link #launch}
   * once the transaction has committed.
   */
  List<LaunchRequest> startCreated(Tx tx, List<Run> created) {
    return start(
        tx,
        created.stream()
            .filter(r -> r.state() == RunState.QUEUED)
            .filter(r -> catalog.spec(r.job()).map(this::startsAtOnce).orElse(false))
            .toList());
  }

  /**
   * Whether a new queued run of this job may start in the transaction that creates it ({@link
   * #startCreated}), without a claim.
   */
  boolean startsAtOnce(JobSpec spec) {
    return launcher.capacity().isEmpty()
        && !spec.pausedFlag()
        && (spec.concurrency() == ConcurrencyPolicy.FORBID
            || spec.concurrency() == ConcurrencyPolicy.ALLOW);
  }

  /**
   * The first attempts of runs created already running ({@link
   * io.hydra.store.run.RunWrites#insertAllStarted}) in the caller's transaction: written as {@code
   * launching}, their launches returned for {@link #launch} once the transaction has committed.
   */
  List<LaunchRequest> startFirstAttempts(Tx tx, List<RunCreation.Started> created) {
    Instant now = clock.now();
    List<Attempt> attempts = new ArrayList<>();
    List<LaunchRequest> launches = new ArrayList<>();
    for (RunCreation.Started s : created) {
      String taskId = TaskIds.of(s.run().job(), s.run().logicalTime(), 1);
      attempts.add(launching(s.run(), 1, taskId, s.spec(), now));
      launches.add(request(s.spec(), s.run(), taskId, 1));
    }
    tx.attempts().insertAll(attempts);
    return launches;
  }

  /** Adds an attempt to each run that fits the free capacity and writes them all together. */
  private List<LaunchRequest> start(Tx tx, List<Run> runs) {
    if (runs.isEmpty()) {
      return List.of();
    }
    Instant now = clock.now();
    Started started = new Started();
    Optional<Capacity> free = CapacityBudget.free(tx, launcher, catalog);
    for (Run run : runs) {
      Capacity need = CapacityBudget.need(catalog, run.job());
      if (free.isPresent() && !free.get().fits(need)) {
        continue; // stays queued until running tasks end; a smaller run may still fit
      }
      if (startAttempt(tx, run, now, started) && free.isPresent()) {
        free = Optional.of(free.get().minus(need));
      }
    }
    // Written together: a batch costs a few round trips, not three per run.
    tx.attempts().insertAll(started.attempts);
    transitions.started(tx, started.runs, now);
    return started.launches;
  }

  /**
   * Launches attempts whose transaction has committed; false, launching nothing, if this instance
   * may no longer launch (the lease may lapse between commit and launch, e.g. cut off from the
   * database). The attempts then stay launching and the next leader reconciles them, never twice.
   */
  boolean launch(List<LaunchRequest> launches) {
    if (launches.isEmpty()) {
      return true;
    }
    if (!mayLaunch.getAsBoolean()) {
      log.warn(
          "Lost the leader lease before launching {} attempts; leaving them to the next"
              + " leader",
          launches.size());
      return false;
    }
    inFlight.launched(launches.size());
    launches.forEach(launcher::launch);
    return true;
  }

  /** The writes and launches of one dispatch, collected to be sent as batches. */
  private static final class Started {
    final List<Attempt> attempts = new ArrayList<>();
    final List<RunWrites.Change> runs = new ArrayList<>();
    final List<LaunchRequest> launches = new ArrayList<>();
  }

  /** Adds the run's next attempt to {@code started}; false if the run was ended instead. */
  private boolean startAttempt(Tx tx, Run run, Instant now, Started started) {
    Optional<StoredJob> job = catalog.job(run.job());
    if (job.isEmpty()) {
      transitions.apply(
          tx, run, RunLifecycle.skip(run.snapshot(), Reason.of(ReasonKind.JOB_DELETED)), now);
      return false;
    }
    JobSpec spec = job.get().spec();
    if (spec.concurrency() == ConcurrencyPolicy.REPLACE) {
      replaceOlder(tx, run, now);
    }
    RunLifecycle.Transition t = RunLifecycle.dispatch(run.snapshot());
    Run running = run.withJobVersion(job.get().version()).apply(t, now);
    int number = running.attempts();
    String taskId = TaskIds.of(run.job(), run.logicalTime(), number);
    started.attempts.add(launching(run, number, taskId, spec, now));
    started.runs.add(new RunWrites.Change(run, running, number));
    started.launches.add(request(spec, running, taskId, number));
    return true;
  }

  /**
   * {@code concurrency: replace}: the newest queued run of the job starts (the claim takes no
   * other), and the older ones queued with it, released together by their upstreams or a resume,
   * end as replaced by it.
   */
  private void replaceOlder(Tx tx, Run newer, Instant now) {
    Reason reason = Reason.of(ReasonKind.REPLACED, Reason.RUN, newer.id());
    for (Run older : tx.runQueue().queuedBefore(newer.job(), newer.logicalTime())) {
      transitions.apply(
          tx,
          older,
          RunLifecycle.kill(older.snapshot(), reason),
          now); // a queued run has no attempt to stop
    }
  }

  /**
   * Attempt {@code number} of the run, recorded as launching before the launcher is called, with
   * where the launcher will run it (when it knows that up front), so that a later reconciliation
   * knows where to look.
   */
  private Attempt launching(Run run, int number, String taskId, JobSpec spec, Instant now) {
    Instant deadline = spec.timeout() == null ? null : now.plus(spec.timeout());
    return new Attempt(
        run.id(),
        number,
        taskId,
        launcher.name(),
        launcher.location().orElse(null),
        AttemptState.LAUNCHING,
        Reason.of(ReasonKind.LAUNCHING, Reason.ATTEMPT, number),
        null,
        deadline,
        null,
        null,
        null,
        now,
        null,
        null);
  }

  static LaunchRequest request(JobSpec spec, Run run, String taskId, int attempt) {
    TaskSpec task = spec.task();
    var env =
        TaskEnvironment.of(
            task.env(),
            spec.name(),
            run.id(),
            run.logicalTime(),
            spec.zone(),
            attempt,
            run.params());
    var resources = task.resources();
    return new LaunchRequest(
        taskId,
        spec.name(),
        task.command(),
        task.args(),
        env,
        resources.cpus(),
        resources.mem(),
        resources.disk(),
        resources.gpus(),
        task.container() == null ? null : task.container().image(),
        task.uris(),
        spec.labels(),
        task.constraints(),
        run.priority(),
        run.owner());
  }
}
