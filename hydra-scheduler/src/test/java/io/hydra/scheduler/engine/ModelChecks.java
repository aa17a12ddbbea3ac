package io.hydra.scheduler.engine;

import io.hydra.core.job.TriggerRule;
import io.hydra.core.run.Readiness;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.scheduler.launch.LaunchRequest;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants of the model test, read from the database: safety ones after every engine pass,
 * the rest after every step, when the engine has settled.
 */
final class ModelChecks {

  private record AttemptRow(long runId, int number, String taskId, String state) {}

  private record BackfillRow(
      long id, String job, String state, Instant from, Instant nextFire, Instant to) {}

  private final ModelWorld world;
  private Map<String, Run> previous = Map.of();
  private Map<String, ModelJob> previousJobs = Map.of();

  ModelChecks(ModelWorld world) {
    this.world = world;
  }

  private static String key(String job, Instant t) {
    return job + "@" + t;
  }

  private static String show(Run r) {
    return "run "
        + r.id()
        + " "
        + key(r.job(), r.logicalTime())
        + " "
        + r.state().wireName()
        + " ("
        + r.reason()
        + ")";
  }

  private List<AttemptRow> attempts() {
    return world.store.read(
        tx ->
            tx.handle()
                .createQuery("select run_id, number, task_id, state from attempt")
                .map(
                    (rs, ctx) ->
                        new AttemptRow(
                            rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .list());
  }

  /** Safety: one run per (job, T), attempts 1..n, every launch once and of a committed attempt. */
  void afterPass() {
    List<String> doubled =
        world.store.read(
            tx ->
                tx.handle()
                    .createQuery(
                        "select job || '@' || logical_time from run group by job, logical_time"
                            + " having count(*) > 1 union all"
                            + " select 'run ' || r.id || ' has ' || count(a.number) || ' attempts"
                            + " numbered up to ' || coalesce(max(a.number), 0) || ' but counts '"
                            + " || r.attempts from run r left join attempt a on a.run_id = r.id"
                            + " group by r.id, r.attempts having count(a.number) <> r.attempts"
                            + " or coalesce(max(a.number), 0) <> r.attempts")
                    .mapTo(String.class)
                    .list());
    check(doubled.isEmpty(), "runs or attempt numbers are inconsistent: " + doubled);
    for (String job : runningTwice()) {
      Set<String> policies = world.concurrencies.getOrDefault(job, Set.of());
      boolean oneAtATime =
          policies.size() == 1 && (policies.contains("queue") || policies.contains("replace"));
      check(
          !oneAtATime,
          "job '"
              + job
              + "' (concurrency: "
              + policies
              + ") has several runs running: "
              + world.allRuns().stream()
                  .filter(r -> r.job().equals(job) && r.state() == RunState.RUNNING)
                  .map(ModelChecks::show)
                  .toList());
    }
    heldRunsStartNothing();
    Map<String, AttemptRow> byTask = new HashMap<>();
    Map<String, AttemptRow> byRunAndNumber = new HashMap<>();
    for (AttemptRow a : attempts()) {
      byTask.put(a.taskId(), a);
      byRunAndNumber.put(a.runId() + "/" + a.number(), a);
    }
    Set<String> seen = new HashSet<>();
    for (LaunchRequest launch : world.launcher.launched()) {
      check(seen.add(launch.taskId()), "task " + launch.taskId() + " was launched twice");
      String named = launch.env().get("HYDRA_RUN_ID") + "/" + launch.env().get("HYDRA_ATTEMPT");
      AttemptRow attempt = byRunAndNumber.get(named);
      check(
          attempt != null && attempt.taskId().equals(launch.taskId()),
          "task " + launch.taskId() + " names run/attempt " + named + ", which is " + attempt);
    }
  }

  /** A held run gets no new attempt until it is released (or ends, which ends the hold). */
  private void heldRunsStartNothing() {
    for (var it = world.held.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Integer> e = it.next();
      Run run = world.store.read(tx -> tx.runReads().get(e.getKey())).orElse(null);
      if (run == null || run.hold() == null) {
        it.remove(); // released, or ended
        continue;
      }
      check(
          run.attempts() == e.getValue(),
          show(run) + " is held but started attempt " + run.attempts() + " after the hold");
    }
  }

  private List<String> runningTwice() {
    return world.store.read(
        tx ->
            tx.handle()
                .createQuery(
                    "select job from run where state = 'running' group by job having count(*) > 1")
                .mapTo(String.class)
                .list());
  }

  /** After a step, with the engine settled. */
  void afterStep() {
    afterPass();
    List<Run> runs = world.allRuns();
    Map<String, Run> byKey = new LinkedHashMap<>();
    runs.forEach(r -> byKey.put(key(r.job(), r.logicalTime()), r));
    for (String fire : world.requiredFires) {
      check(byKey.containsKey(fire), "scheduled fire " + fire + " has no run");
    }
    tasksAgree(runs);
    List<BackfillRow> backfills = backfills();
    for (Run run : runs) {
      settled(run, byKey, backfills);
    }
    dependentsCreated(byKey);
    previous = byKey;
    previousJobs = Map.copyOf(world.defined);
  }

  /** The database and the launcher agree on which tasks run; a running run has its task. */
  private void tasksAgree(List<Run> runs) {
    Map<String, AttemptRow> byRunAndNumber = new HashMap<>();
    for (AttemptRow a : attempts()) {
      byRunAndNumber.put(a.runId() + "/" + a.number(), a);
      boolean active = a.state().equals("launching") || a.state().equals("running");
      boolean runsThere =
          world.launcher.task(a.taskId()).map(s -> s.state() == TaskState.RUNNING).orElse(false);
      check(
          active == runsThere,
          "attempt "
              + a.taskId()
              + " is "
              + a.state()
              + " but its task "
              + (runsThere ? "runs" : "does not run"));
    }
    for (Run run : runs) {
      if (run.state() == RunState.RUNNING) {
        AttemptRow current = byRunAndNumber.get(run.id() + "/" + run.attempts());
        check(
            current != null && current.state().equals("running"),
            show(run) + " but its attempt is " + current);
      }
    }
  }

  /** A settled run is ended, running, retrying later, or held back by a live cause. */
  private void settled(Run run, Map<String, Run> byKey, List<BackfillRow> backfills) {
    Instant now = world.clock.now();
    switch (run.state()) {
      case RETRYING ->
          check(
              run.retryAt().isAfter(now), show(run) + " but its retry was due at " + run.retryAt());
      case QUEUED -> {
        Why.Explanation why = world.runs.why(run.id());
        boolean held =
            why.reasons().stream()
                .anyMatch(
                    r -> Set.of("paused", "concurrency", "capacity", "held").contains(r.kind()));
        check(held, show(run) + " stays queued with nothing holding it back: " + why.reasons());
      }
      default -> {}
    }
    ModelJob job = world.defined.get(run.job());
    if (!Readiness.decidedByUpstreams(run.state(), run.reasonKind())) {
      return;
    }
    if (run.state() == RunState.WAITING && !waitingLive(run, byKey, backfills, 0)) {
      check(
          false,
          show(run)
              + " waits for nothing that will happen; upstream runs: "
              + upstreamRuns(run, byKey)
              + "; why: "
              + world.runs.why(run.id()).reasons());
    }
    if (job == null || world.dependenciesChanged.contains(run.job())) {
      return; // decided under rules that are not the job's now
    }
    Map<String, Optional<RunState>> states = new LinkedHashMap<>();
    for (String up : job.after()) {
      states.put(up, Optional.ofNullable(byKey.get(key(up, run.logicalTime()))).map(Run::state));
    }
    boolean allEnded =
        states.values().stream().allMatch(s -> s.map(RunState::isTerminal).orElse(false));
    Readiness.Verdict verdict =
        Readiness.evaluate(TriggerRule.valueOf(job.trigger().toUpperCase()), states);
    if (allEnded || run.state() == RunState.WAITING) {
      check(
          verdict.state() == run.state(),
          show(run)
              + " disagrees with its trigger rule "
              + job.trigger()
              + " over upstream runs "
              + upstreamRuns(run, byKey)
              + ", which give "
              + verdict);
    }
  }

  /** Whether a missing or unfinished upstream run will move this waiting run later. */
  private boolean waitingLive(Run run, Map<String, Run> byKey, List<BackfillRow> bf, int depth) {
    ModelJob job = world.defined.get(run.job());
    if (job == null) {
      return false;
    }
    for (String up : job.after()) {
      if (live(up, run.logicalTime(), byKey, bf, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean live(
      String upstream, Instant t, Map<String, Run> byKey, List<BackfillRow> bf, int depth) {
    if (depth > 6) {
      return false;
    }
    Run run = byKey.get(key(upstream, t));
    if (run != null) {
      return !run.state().isTerminal()
          && (run.state() != RunState.WAITING || waitingLive(run, byKey, bf, depth));
    }
    // A missing upstream run: one that must exist is checked elsewhere (a scheduled fire, the
    // dependent of an ended run), and one the upstream's cadence never gives is the user's
    // choice (a freshness edge is for jobs on another cadence). One that a cancelled backfill
    // would have created will never come (the cancel records such fire times as skipped).
    return bf.stream().noneMatch(b -> cancelledOver(b, upstream, t));
  }

  private boolean cancelledOver(BackfillRow b, String job, Instant t) {
    return b.job().equals(job)
        && b.state().equals("cancelled")
        && !world.schedulesChanged.contains(job)
        && !t.isBefore(b.from())
        && !t.isAfter(b.to())
        && world.defined.containsKey(job)
        && world.defined.get(job).firesAt(t);
  }

  /**
   * When a run ends, each job that depended on its job throughout gets a run for its logical time.
   */
  private void dependentsCreated(Map<String, Run> byKey) {
    for (Run run : byKey.values()) {
      Run before = previous.get(key(run.job(), run.logicalTime()));
      boolean ended = run.state().isTerminal() && (before == null || !before.state().isTerminal());
      if (!ended) {
        continue;
      }
      for (ModelJob dependent : world.defined.values()) {
        ModelJob then = previousJobs.get(dependent.name());
        boolean depended =
            dependent.after().contains(run.job())
                && then != null
                && then.after().contains(run.job());
        if (!depended || byKey.containsKey(key(dependent.name(), run.logicalTime()))) {
          continue;
        }
        check(
            false,
            show(run)
                + " ended, but its dependent '"
                + dependent.name()
                + "' has no run for "
                + run.logicalTime());
      }
    }
  }

  private String upstreamRuns(Run run, Map<String, Run> byKey) {
    ModelJob job = world.defined.get(run.job());
    if (job == null) {
      return "(job deleted)";
    }
    return job.after().stream()
        .map(
            up ->
                up
                    + "="
                    + Optional.ofNullable(byKey.get(key(up, run.logicalTime())))
                        .map(r -> r.state().wireName() + " (" + r.reason() + ")")
                        .orElse("none"))
        .toList()
        .toString();
  }

  private List<BackfillRow> backfills() {
    return world.store.read(
        tx ->
            tx.handle()
                .createQuery("select id, job, state, range_from, next_fire, range_to from backfill")
                .map(
                    (rs, ctx) ->
                        new BackfillRow(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            instant(rs.getObject(4, java.time.OffsetDateTime.class)),
                            instant(rs.getObject(5, java.time.OffsetDateTime.class)),
                            instant(rs.getObject(6, java.time.OffsetDateTime.class))))
                .list());
  }

  private static Instant instant(java.time.OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static void check(boolean holds, String message) {
    if (!holds) {
      throw new AssertionError(message);
    }
  }
}
