package io.hydra.scheduler.engine;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.store.Tx;
import io.hydra.store.error.ConflictException;
import io.hydra.store.run.PipelineRetry;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Pipeline retries (docs/scheduling.md, Pipeline retries). A retry is decided in the transaction
 * whose run end leaves every node of a root's pipeline ended with a failed one, as a row due after
 * the backoff; it is carried out, when due, in one transaction that marks the row started and
 * re-runs the failed nodes with their downstream. Both steps are rows with a unique number per root
 * and logical time, so a crash, a retried transaction or a new leader neither loses a retry nor
 * makes one twice.
 */
final class PipelineRetrying {

  private final JobCatalog catalog;
  private final Reruns reruns;

  PipelineRetrying(JobCatalog catalog, RunTransitions transitions) {
    this.catalog = catalog;
    this.reruns = new Reruns(catalog, transitions);
  }

  /** A pipeline: a root and one logical time; ordered, so locks are always taken in one order. */
  private record Key(String root, Instant t) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int byRoot = root.compareTo(o.root);
      return byRoot != 0 ? byRoot : t.compareTo(o.t);
    }
  }

  /**
   * Where a pipeline stands, read from committed rows: {@code active} names a node that has not
   * ended (or has no run yet), else null; {@code failed} are its nodes whose own task failed.
   */
  record Outcome(String active, List<Run> failed) {
    boolean retryable() {
      return active == null && !failed.isEmpty();
    }

    /** Why an operator's retry cannot happen now. */
    String refusal(String root) {
      return active != null
          ? "the pipeline of '" + root + "' has a node that has not ended: " + active
          : "nothing failed in the pipeline of '" + root + "'";
    }
  }

  /** After runs ended in this transaction: schedules a retry of each pipeline they ended failed. */
  void ended(Tx tx, Collection<Run> ended, Instant now) {
    TreeSet<Key> keys = new TreeSet<>();
    for (Run run : ended) {
      catalog.retryRootsOf(run.job()).forEach(r -> keys.add(new Key(r, run.logicalTime())));
    }
    for (Key key : keys) {
      decide(tx, key, now);
    }
  }

  private void decide(Tx tx, Key key, Instant now) {
    Optional<JobSpec> root = catalog.spec(key.root());
    int max = root.map(JobSpec::pipelineRetries).orElse(0);
    if (max == 0) {
      return;
    }
    tx.pipelineRetries().lock(key.root(), key.t());
    if (!outcome(tx, key.root(), key.t(), false).retryable()) {
      return;
    }
    List<PipelineRetry> retries = tx.pipelineRetries().of(key.root(), key.t());
    if (retries.size() >= max || retries.stream().anyMatch(PipelineRetry::isScheduled)) {
      return;
    }
    int number = retries.size() + 1;
    Instant due = now.plus(root.get().pipeline().retries().delayBeforeRetry(number));
    tx.pipelineRetries().schedule(key.root(), key.t(), number, due, max);
  }

  /** Carries out the retries due by {@code now}; returns how many re-ran nodes. */
  int startDue(Tx tx, Instant now, int limit) {
    int started = 0;
    for (PipelineRetry retry : tx.pipelineRetries().dueForUpdate(now, limit)) {
      int max = catalog.spec(retry.root()).map(JobSpec::pipelineRetries).orElse(0);
      Outcome outcome = outcome(tx, retry.root(), retry.logicalTime(), true);
      // The pipeline was re-run or resolved meanwhile, or its policy no longer allows this retry:
      // the retry goes; should the pipeline end failed again, that end decides a new one.
      if (!outcome.retryable() || retry.number() > max) {
        tx.pipelineRetries().drop(retry);
        continue;
      }
      tx.pipelineRetries().markStarted(retry, now, null);
      rerunFailed(tx, outcome.failed(), reason(retry.number(), max, null), now);
      started++;
    }
    return started;
  }

  /**
   * An operator's retry of the pipeline of {@code run}, now: counts as the next retry (or is the
   * one waiting, started early). Refused with a {@link ConflictException} that says why when
   * nothing failed or a node has not ended.
   */
  RunService.PipelineRetried manual(Tx tx, Run run, String who, Instant now) {
    List<String> roots = rootsOf(run.job());
    Outcome first = null;
    for (String root : roots) {
      Outcome outcome = outcome(tx, root, run.logicalTime(), true);
      first = first == null ? outcome : first;
      if (outcome.retryable()) {
        return start(tx, root, run.logicalTime(), outcome, who, now);
      }
    }
    throw new ConflictException(first.refusal(roots.get(0)));
  }

  private RunService.PipelineRetried start(
      Tx tx, String root, Instant t, Outcome outcome, String who, Instant now) {
    int max = catalog.spec(root).map(JobSpec::pipelineRetries).orElse(0);
    List<PipelineRetry> retries = tx.pipelineRetries().of(root, t);
    Optional<PipelineRetry> waiting = retries.stream().filter(PipelineRetry::isScheduled).findAny();
    int number = waiting.map(PipelineRetry::number).orElse(retries.size() + 1);
    boolean recorded =
        waiting.isPresent()
            ? tx.pipelineRetries().markStarted(waiting.get(), now, who)
            : tx.pipelineRetries().insertStarted(root, t, number, max, now, who);
    if (!recorded) {
      throw new ConflictException(
          "another retry of the pipeline of '" + root + "' was started meanwhile");
    }
    List<Run> runs = rerunFailed(tx, outcome.failed(), reason(number, max, who), now);
    return new RunService.PipelineRetried(root, t, number, max, runs);
  }

  /**
   * The roots whose pipeline holds {@code job}: those with a retry policy first, then the others,
   * each group by name (an operator may retry a pipeline without a policy).
   */
  private List<String> rootsOf(String job) {
    List<String> roots = new ArrayList<>();
    if (catalog.graph().upstreamOf(job).isEmpty()) {
      roots.add(job);
    }
    for (String up : catalog.graph().allUpstreamOf(job)) {
      if (catalog.graph().upstreamOf(up).isEmpty()) {
        roots.add(up);
      }
    }
    roots.sort(
        Comparator.comparing(
                (String r) -> catalog.spec(r).map(JobSpec::pipelineRetries).orElse(0) == 0)
            .thenComparing(Comparator.naturalOrder()));
    return roots;
  }

  /** Where the pipeline of {@code root} at {@code t} stands; {@code lock} locks its runs first. */
  Outcome outcome(Tx tx, String root, Instant t, boolean lock) {
    List<String> scope = RetryRoots.scope(catalog.graph(), root);
    Map<String, Run> runs =
        lock ? tx.dependencyRuns().atForUpdate(scope, t) : tx.pipelineRuns().at(scope, t);
    if (lock) {
      // After the rows: a run end locks its own row first, then this (see decide).
      tx.pipelineRetries().lock(root, t);
    }
    String active = null;
    List<Run> failed = new ArrayList<>();
    for (String job : scope) {
      Run run = runs.get(job);
      if (run == null || !run.state().isTerminal()) {
        active = active != null ? active : job + (run == null ? " (no run yet)" : " " + state(run));
      } else if (run.state() == RunState.FAILED) {
        failed.add(run);
      }
    }
    return new Outcome(active, failed);
  }

  private static String state(Run run) {
    return "(" + run.state().name().toLowerCase(Locale.ROOT) + ")";
  }

  /**
   * Re-runs each failed node with its downstream, in dependency order, in this transaction; a node
   * an earlier one's downstream reset already waits and is left alone. Returns every run reset.
   */
  private List<Run> rerunFailed(Tx tx, List<Run> failed, Reason why, Instant now) {
    List<String> order = catalog.graph().topologicalOrder();
    List<Run> sorted = new ArrayList<>(failed);
    sorted.sort(Comparator.comparingInt(r -> order.indexOf(r.job())));
    Map<Long, Run> out = new LinkedHashMap<>();
    for (Run node : sorted) {
      Run current = tx.runReads().getForUpdate(node.id()).orElse(null);
      if (current == null || !current.state().isTerminal() || out.containsKey(current.id())) {
        continue;
      }
      RunLifecycle.Transition t = RunLifecycle.rerun(current.snapshot(), why);
      RunService.Rerun result = reruns.rerun(tx, current, current, t, true, now);
      out.put(current.id(), result.run());
      result.downstream().forEach(r -> out.putIfAbsent(r.id(), r));
    }
    return List.copyOf(out.values());
  }

  /**
   * For {@code why} of an ended run: the pipeline retry waiting to re-run its pipeline, if one is
   * (the run is a node of the pipeline of a root with a retry waiting for its backoff).
   */
  Optional<Why.Reason> waiting(Tx tx, Run run) {
    for (String root : catalog.retryRootsOf(run.job())) {
      if (!RetryRoots.scope(catalog.graph(), root).contains(run.job())) {
        continue; // only upstream of the pipeline
      }
      Optional<PipelineRetry> waiting =
          tx.pipelineRetries().of(root, run.logicalTime()).stream()
              .filter(PipelineRetry::isScheduled)
              .findAny();
      if (waiting.isPresent()) {
        PipelineRetry r = waiting.get();
        String message =
            "pipeline retry "
                + r.number()
                + " of "
                + r.maxRetries()
                + " of '"
                + root
                + "' re-runs its failed nodes at "
                + r.dueAt();
        return Optional.of(
            new Why.Reason(
                "pipeline_retry", message, root, run.logicalTime(), null, null, r.dueAt()));
      }
    }
    return Optional.empty();
  }

  private static Reason reason(int number, int max, String who) {
    return Reason.of(
        ReasonKind.PIPELINE_RETRY,
        Reason.PIPELINE_RETRY,
        number,
        Reason.RETRIES,
        max == 0 ? null : max,
        Reason.BY,
        who);
  }
}
