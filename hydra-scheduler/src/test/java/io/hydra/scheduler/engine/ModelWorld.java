package io.hydra.scheduler.engine;

import io.hydra.core.error.ValidationException;
import io.hydra.core.run.IllegalTransitionException;
import io.hydra.core.run.RunEvent;
import io.hydra.core.time.SettableClock;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.error.ConflictException;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.run.Run;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The real engine on real PostgreSQL, driven deterministically for the model test: a settable
 * clock, a stepped launcher whose tasks end only when told, and an engine that makes one pass when
 * asked ({@link Engine#step}). Every operation is followed by {@link #settle}: passes until nothing
 * changes. Beside the engine it keeps the little the model needs to judge the database: the jobs as
 * defined, and the fire times that must have a run.
 *
 * <p>One database serves every try; each world empties it first, so a try costs a truncate.
 */
final class ModelWorld implements AutoCloseable {

  static final List<String> NAMES = List.of("a", "b", "c", "d");
  static final Instant START = Instant.parse("2026-03-02T10:30:00Z");

  /** Small, so a long advance shows the cap on missed fires recorded one by one. */
  static final int MAX_MISSED = 3;

  private static final int MAX_PASSES = 12;
  private static final List<String> TABLES =
      List.of(
          "run_event",
          "pipeline_retry",
          "attempt",
          "run",
          "backfill",
          "job_schedule",
          "job_version",
          "job",
          "leader_lease",
          "setting",
          "notification");
  private static Database shared;

  final Store store;
  final SettableClock clock = new SettableClock(START);
  final ScriptedLauncher launcher = ScriptedLauncher.stepped();
  Engine engine;
  JobService jobs;
  RunService runs;
  BackfillService backfills;

  /** The jobs as the model defined them (those the engine accepted). */
  final Map<String, ModelJob> defined = new LinkedHashMap<>();

  /** The last definition of each job ever defined, deleted ones included. */
  private final Map<String, ModelJob> lastDefined = new HashMap<>();

  /** Jobs whose upstreams or trigger rule changed since they were created: verdicts may lag. */
  final Set<String> dependenciesChanged = new HashSet<>();

  /**
   * Jobs whose schedule changed since they were created: a backfill's fire times, taken from the
   * schedule of its time, may not be the fire times of the schedule now.
   */
  final Set<String> schedulesChanged = new HashSet<>();

  /** Per job, every concurrency policy it was defined with in this sequence. */
  final Map<String, Set<String>> concurrencies = new HashMap<>();

  /** Per job, the instant its current schedule took effect (its fires come after it). */
  private final Map<String, Instant> scheduleSince = new HashMap<>();

  /** (job, fire time) pairs that must have a run. */
  final Set<String> requiredFires = new TreeSet<>();

  /** What each engine pass and each step is checked against. */
  final ModelChecks checks = new ModelChecks(this);

  /** Operations the engine refused, by kind (for the statistics). */
  final Map<String, Integer> refused = new HashMap<>();

  ModelWorld() {
    store = new Store(database().jdbi());
    // Deleting a few rows costs less than truncating (which rewrites each table's files).
    store.useTransaction(
        tx -> {
          for (String table : TABLES) {
            tx.handle().execute("delete from " + table);
          }
          for (String sequence : List.of("run_id_seq", "run_event_id_seq", "backfill_id_seq")) {
            tx.handle().execute("alter sequence " + sequence + " restart");
          }
        });
    startEngine();
    settle();
  }

  private static synchronized Database database() {
    if (shared == null) {
      shared = TestDatabase.create();
    }
    return shared;
  }

  private void startEngine() {
    engine =
        new Engine(
            store,
            launcher,
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, MAX_MISSED),
            new JobCatalog(),
            false); // launcher calls on this thread, so a pass ends with its launches made
    engine.startStepped();
    jobs = new JobService(store, engine);
    runs = new RunService(store, engine);
    backfills = new BackfillService(store, engine);
  }

  /** The events an operator asks for, which the table refuses in some states on purpose. */
  private static final Set<RunEvent> OPERATOR_EVENTS =
      Set.of(
          RunEvent.RERUN,
          RunEvent.MARK_SUCCEEDED,
          RunEvent.OPERATOR_SKIP,
          RunEvent.KILL,
          RunEvent.HOLD,
          RunEvent.RELEASE);

  /**
   * Engine passes until a pass changes nothing in the database and delivers no report; the safety
   * invariants are checked after every pass, the others after the step (by the chain).
   */
  void settle() {
    EnginePasses.settle(engine, store, launcher, MAX_PASSES, checks::afterPass);
  }

  /**
   * Runs an operator's or a user's operation: one the engine refuses (an illegal transition, a
   * conflict, a validation error, something missing) must change nothing.
   */
  boolean attempt(String kind, Runnable operation) {
    String before = fingerprint();
    try {
      operation.run();
      return true;
    } catch (IllegalTransitionException
        | ConflictException
        | ValidationException
        | NotFoundException e) {
      refused.merge(kind, 1, Integer::sum);
      if (e instanceof IllegalTransitionException refusal
          && !OPERATOR_EVENTS.contains(refusal.event())) {
        // Only an operator's own request may be refused (a re-run of a running run); an engine
        // step refused inside an operation is a cell of the table wrongly refused.
        throw new AssertionError(kind + " failed on a refused engine step: " + e.getMessage(), e);
      }
      String after = fingerprint();
      if (!after.equals(before)) {
        throw new AssertionError(
            kind + " was refused (" + e.getMessage() + ") but changed the database", e);
      }
      return false;
    }
  }

  // --- operations --------------------------------------------------------------------------

  void define(ModelJob job) {
    ModelJob old = defined.get(job.name());
    boolean accepted =
        attempt(
            "define",
            () -> {
              if (old == null) {
                jobs.create(job.spec(), "model", null);
              } else {
                jobs.update(job.name(), job.spec(), "model", null);
              }
            });
    if (accepted) {
      if (job.scheduleDiffers(old)) {
        scheduleSince.put(job.name(), clock.now());
      }
      ModelJob last = old != null ? old : lastDefined.get(job.name()); // deleted, re-created
      if (last != null && job.dependenciesDiffer(last)) {
        dependenciesChanged.add(job.name());
      }
      if (last != null && job.scheduleDiffers(last)) {
        schedulesChanged.add(job.name());
      }
      defined.put(job.name(), job);
      lastDefined.put(job.name(), job);
      concurrencies.computeIfAbsent(job.name(), n -> new HashSet<>()).add(job.concurrency());
    }
    settle();
  }

  void delete(String name) {
    if (attempt("delete", () -> jobs.delete(name, "model"))) {
      defined.remove(name);
      scheduleSince.remove(name);
    }
    settle();
  }

  void pause(String name, boolean paused) {
    if (attempt("pause", () -> jobs.setPaused(name, paused, "model"))) {
      defined.computeIfPresent(name, (n, j) -> j.withPaused(paused));
    }
    settle();
  }

  /**
   * Lets time pass; every job fires what fell due in one pass, which records at most {@link
   * #MAX_MISSED} missed fires: so at least the last that many fires must have a run.
   */
  void advance(Duration by) {
    Instant from = clock.now();
    Instant to = from.plus(by);
    for (ModelJob job : defined.values()) {
      Instant since = scheduleSince.getOrDefault(job.name(), from);
      List<Instant> fires = job.firesBetween(since.isAfter(from) ? since : from, to);
      for (Instant t : fires.subList(Math.max(0, fires.size() - MAX_MISSED), fires.size())) {
        requiredFires.add(job.name() + "@" + t);
      }
    }
    clock.set(to);
    settle();
  }

  void trigger(String job, Instant logicalTime, Map<String, String> params) {
    attempt("trigger", () -> runs.trigger(job, logicalTime, params));
    settle();
  }

  /** The k-th run by id (modulo how many there are), if any. */
  Run runAt(int k) {
    List<Run> all = allRuns();
    return all.isEmpty() ? null : all.get(Math.floorMod(k, all.size()));
  }

  void rerun(int k, boolean downstream, Map<String, String> params) {
    Run run = runAt(k);
    if (run != null) {
      attempt("rerun", () -> runs.rerun(run.id(), params, downstream, "model"));
    }
    settle();
  }

  void kill(int k) {
    Run run = runAt(k);
    if (run != null) {
      attempt("kill", () -> runs.kill(run.id(), "model"));
    }
    settle();
  }

  void skip(int k) {
    Run run = runAt(k);
    if (run != null) {
      attempt("skip", () -> runs.skip(run.id(), "model"));
    }
    settle();
  }

  /** Held runs by id, with how many attempts each had when held: a hold starts none. */
  final Map<Long, Integer> held = new HashMap<>();

  void hold(int k) {
    Run run = runAt(k);
    if (run != null && attempt("hold", () -> runs.hold(run.id(), "model"))) {
      held.put(run.id(), runs.get(run.id()).orElseThrow().run().attempts());
    }
    settle();
  }

  void release(int k) {
    Run run = runAt(k);
    if (run != null) {
      attempt("release", () -> runs.release(run.id(), "model"));
    }
    settle();
  }

  void markSuccess(int k) {
    Run run = runAt(k);
    if (run != null) {
      attempt("mark success", () -> runs.markSucceeded(run.id(), "model"));
    }
    settle();
  }

  void backfill(String job, Instant from, Instant to, int parallelism) {
    attempt("backfill", () -> backfills.start(job, from, to, parallelism, Map.of(), "model"));
    settle();
  }

  void cancelBackfill(int k) {
    List<Long> ids =
        store.read(
            tx ->
                tx.handle()
                    .createQuery("select id from backfill order by id")
                    .mapTo(Long.class)
                    .list());
    if (!ids.isEmpty()) {
      long id = ids.get(Math.floorMod(k, ids.size()));
      attempt("cancel backfill", () -> backfills.cancel(id, "model"));
    }
    settle();
  }

  /**
   * The k-th running task ends this way; with {@code crash}, the engine dies before applying it.
   */
  void endTask(int k, TaskState state, boolean crash) {
    List<String> running = launcher.runningTasks();
    if (!running.isEmpty()) {
      String task = running.get(Math.floorMod(k, running.size()));
      Integer exitCode =
          switch (state) {
            case SUCCEEDED -> 0;
            case LOST -> null;
            default -> 1;
          };
      launcher.end(task, state, exitCode);
    }
    if (crash) {
      abandon();
      startEngine();
    }
    settle();
  }

  /** The k-th launched task's last report is delivered again. */
  void redeliver(int k) {
    List<String> launched =
        launcher.launched().stream().map(io.hydra.scheduler.launch.LaunchRequest::taskId).toList();
    if (!launched.isEmpty()) {
      launcher.redeliver(launched.get(Math.floorMod(k, launched.size())));
    }
    settle();
  }

  /**
   * The engine stops and a new one starts on the same database and launcher. A clean stop gives the
   * lease up; a crash abandons the engine with what it had not applied, and its lease lapses.
   */
  void restart(boolean clean) {
    if (clean) {
      engine.close();
    } else {
      abandon();
    }
    startEngine();
    settle();
  }

  /** Nothing of a stepped engine runs on its own: abandoning it is a crash. Its lease lapses. */
  private void abandon() {
    store.useTransaction(tx -> tx.handle().execute("delete from leader_lease"));
  }

  // --- reading -------------------------------------------------------------------------------

  List<Run> allRuns() {
    return store.read(tx -> tx.runReads().page(EngineFixture.newestFirst(null, 100_000))).stream()
        .sorted(java.util.Comparator.comparingLong(Run::id))
        .toList();
  }

  /** Everything an operation or a pass could change, as text. */
  String fingerprint() {
    return EnginePasses.fingerprint(store);
  }

  /** What this world went through: runs by final state, launches, refused operations. */
  Map<String, Integer> statistics() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    store
        .read(
            tx ->
                tx.handle()
                    .createQuery(
                        "select 'runs ' || state, count(*)::int from run group by state union all"
                            + " select 'attempts ' || state, count(*)::int from attempt group by"
                            + " state union all select 'backfills ' || state, count(*)::int from"
                            + " backfill group by state")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                    .list())
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    refused.forEach((kind, n) -> counts.put("refused " + kind, n));
    return counts;
  }

  @Override
  public void close() {
    engine.close();
  }
}
