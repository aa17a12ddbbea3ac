package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.store.error.ConflictException;
import io.hydra.store.run.PipelineRetry;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pipeline retries on the stepped engine: root a (two retries, 10 minutes doubling) feeds b and c;
 * b fails, c is slow. The retry waits for c, then for its backoff, and re-runs b alone.
 */
class PipelineRetriesTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private void pipeline(int bFailures) {
    define(
        "name: a\npipeline: {retries: {max: 2, delay: PT10M, backoff: 2.0}}\n"
            + "task: {command: 'true'}\n");
    define("name: b\nafter: [a]\ntask: {command: 'true'}\n");
    define("name: c\nafter: [a]\ntask: {command: 'true'}\n");
    launcher.failFirst("b", bFailures);
    launcher.hang("c");
    runs.trigger("a", T, Map.of());
    awaitState("b", T, bFailures > 0 ? RunState.FAILED : RunState.SUCCEEDED);
    awaitState("c", T, RunState.RUNNING);
  }

  private List<PipelineRetry> retries() {
    return store.read(tx -> tx.pipelineRetries().of("a", T));
  }

  /** Ends c (the last node) now; returns when it ended. */
  private Instant endC() {
    launcher.finishRunning("c", TaskState.SUCCEEDED, 0);
    settle();
    assertThat(run("c", T).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    return clock.now();
  }

  @Test
  void retriesOnlyAfterTheLastNodeEndedAndItsBackoffPassed() {
    pipeline(1);
    assertThat(retries()).as("c still runs").isEmpty();

    Instant ended = endC();

    assertThat(retries())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(PipelineRetry.SCHEDULED);
              assertThat(r.dueAt()).isEqualTo(ended.plus(Duration.ofMinutes(10)));
            });
    assertThat(runs.why(run("b", T).orElseThrow().id()).reasons())
        .filteredOn(r -> r.kind().equals("pipeline_retry"))
        .singleElement()
        .satisfies(r -> assertThat(r.at()).isEqualTo(ended.plus(Duration.ofMinutes(10))))
        .satisfies(r -> assertThat(r.message()).startsWith("pipeline retry 1 of 2 of 'a'"));
    advanceTo(ended.plus(Duration.ofMinutes(10)).minusMillis(1));
    assertThat(run("b", T).orElseThrow().attempts()).as("before its backoff").isEqualTo(1);

    advanceTo(ended.plus(Duration.ofMinutes(10)));
    Run b = awaitState("b", T, RunState.SUCCEEDED);

    assertThat(b.attempts()).isEqualTo(2);
    assertThat(run("c", T).orElseThrow().attempts()).as("c succeeded: not re-run").isEqualTo(1);
    assertThat(run("a", T).orElseThrow().attempts()).as("a succeeded: not re-run").isEqualTo(1);
    assertThat(retries()).extracting(PipelineRetry::state).containsExactly("started");
    RunEvent retried =
        store.read(tx -> tx.runReads().events(b.id())).stream()
            .filter(e -> e.reasonKind() == ReasonKind.PIPELINE_RETRY)
            .findFirst()
            .orElseThrow();
    assertThat(retried.reason()).isEqualTo("re-run by pipeline retry 1 of 2");
  }

  @Test
  void stopsAfterItsMaximumWithTheBackoffGrowing() {
    pipeline(10);
    Instant ended = endC();

    advanceTo(ended.plus(Duration.ofMinutes(10)));
    awaitState("b", T, RunState.FAILED);
    Instant second = retries().get(1).dueAt();
    assertThat(second)
        .as("20 minutes after the retry ended")
        .isEqualTo(clock.now().plus(Duration.ofMinutes(20)));
    advanceTo(second);
    awaitState("b", T, RunState.FAILED);
    advanceTo(second.plus(Duration.ofDays(1)));

    assertThat(run("b", T).orElseThrow().attempts()).isEqualTo(3);
    assertThat(retries()).extracting(PipelineRetry::state).containsExactly("started", "started");
    PipelineView.Retries shown = runs.pipeline(run("b", T).orElseThrow().id()).retries().get(0);
    assertThat(shown.done()).isEqualTo(2);
    assertThat(shown.max()).isEqualTo(2);
    assertThat(shown.nextAt()).isNull();
  }

  @Test
  void aKilledNodeIsNotRetried() {
    pipeline(0);
    assertThat(run("b", T).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    runs.kill(run("c", T).orElseThrow().id(), "oncall");
    settle();

    assertThat(run("c", T).orElseThrow().state()).isEqualTo(RunState.KILLED);
    assertThat(retries()).isEmpty();
  }

  @Test
  void aRetryRerunsTheFailedNodesButNotAKilledOne() {
    pipeline(1);
    runs.kill(run("c", T).orElseThrow().id(), "oncall");
    settle();
    Instant due = retries().get(0).dueAt();

    advanceTo(due);

    assertThat(awaitState("b", T, RunState.SUCCEEDED).attempts()).isEqualTo(2);
    assertThat(run("c", T).orElseThrow().state()).isEqualTo(RunState.KILLED);
  }

  @Test
  void anOperatorsRerunMeanwhileDropsTheWaitingRetry() {
    pipeline(1);
    Instant ended = endC();
    runs.rerun(run("b", T).orElseThrow().id(), null, true, "oncall");
    awaitState("b", T, RunState.SUCCEEDED);

    advanceTo(ended.plus(Duration.ofMinutes(10)));

    assertThat(retries()).isEmpty();
    assertThat(run("b", T).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void aDueRetryIsCarriedOutOnceWhateverRepeatsIt() {
    pipeline(1);
    Instant ended = endC();
    clock.set(ended.plus(Duration.ofMinutes(10)));
    PipelineRetrying retrying = engine.transitions().pipelineRetries();

    // A try that dies before its commit leaves the retry waiting and the runs as they were.
    assertThatThrownBy(
            () ->
                store.useTransaction(
                    tx -> {
                      assertThat(retrying.startDue(tx, clock.now(), 10)).isEqualTo(1);
                      throw new IllegalStateException("crash before commit");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(retries()).extracting(PipelineRetry::state).containsExactly("scheduled");
    assertThat(run("b", T).orElseThrow().state()).isEqualTo(RunState.FAILED);

    // Carried out, then repeated (a deposed leader's pass, a retried transaction): nothing is due.
    int first = store.inTransaction(tx -> retrying.startDue(tx, clock.now(), 10));
    int again = store.inTransaction(tx -> retrying.startDue(tx, clock.now(), 10));
    assertThat(first).isEqualTo(1);
    assertThat(again).isZero();
    // The decision applied again over the same ends schedules nothing more.
    store.useTransaction(tx -> retrying.ended(tx, List.of(run("b", T).orElseThrow()), clock.now()));

    engine.close(); // a new leader takes over
    startEngine();
    awaitState("b", T, RunState.SUCCEEDED);
    assertThat(run("b", T).orElseThrow().attempts()).isEqualTo(2);
    assertThat(retries()).extracting(PipelineRetry::state).containsExactly("started");
  }

  @Test
  void twoPassesAtOnceCarryOutADueRetryOnce() throws Exception {
    pipeline(1);
    Instant ended = endC();
    clock.set(ended.plus(Duration.ofMinutes(10)));
    PipelineRetrying retrying = engine.transitions().pipelineRetries();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      // A deposed leader's pass holds the retry, uncommitted, while the new leader's runs.
      Future<Integer> first =
          other.submit(
              () ->
                  store.inTransaction(
                      tx -> {
                        int n = retrying.startDue(tx, clock.now(), 10);
                        holding.countDown();
                        awaitQuietly(release);
                        return n;
                      }));
      assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
      int second = store.inTransaction(tx -> retrying.startDue(tx, clock.now(), 10));
      release.countDown();

      assertThat(first.get(20, TimeUnit.SECONDS) + second).isEqualTo(1);
    } finally {
      release.countDown();
      other.shutdownNow();
    }
    assertThat(retries()).extracting(PipelineRetry::state).containsExactly("started");
    assertThat(awaitState("b", T, RunState.SUCCEEDED).attempts()).isEqualTo(2);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anOperatorRetriesNowAndItCountsAsARetry() {
    pipeline(1);
    long b = run("b", T).orElseThrow().id();
    assertThatThrownBy(() -> runs.retryPipeline(b, "oncall"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("the pipeline of 'a' has a node that has not ended: c (running)");
    assertThat(retries()).isEmpty();
    endC();

    RunService.PipelineRetried done = runs.retryPipeline(b, "oncall");

    assertThat(done.root()).isEqualTo("a");
    assertThat(done.number()).as("the waiting retry, started early").isEqualTo(1);
    assertThat(done.runs()).extracting(Run::job).containsExactly("b");
    assertThat(done.runs().get(0).reason())
        .isEqualTo("re-run by pipeline retry 1 of 2, requested by oncall");
    awaitState("b", T, RunState.SUCCEEDED);
    assertThat(retries())
        .singleElement()
        .satisfies(r -> assertThat(r.requestedBy()).isEqualTo("oncall"));
    assertThatThrownBy(() -> runs.retryPipeline(b, "oncall"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("nothing failed in the pipeline of 'a'");
  }

  @Test
  void downstreamOfARetriedNodeWaitsForItAndSaysWhichRetry() {
    define("name: a\npipeline: {retries: {max: 1, delay: PT1M}}\ntask: {command: 'true'}\n");
    define("name: b\nafter: [a]\ntask: {command: 'true'}\n");
    define("name: c\nafter: [b]\ntask: {command: 'true'}\n");
    launcher.failFirst("a", 1);
    runs.trigger("a", T, Map.of());
    awaitState("c", T, RunState.UPSTREAM_FAILED);
    Instant due = retries().get(0).dueAt();

    advanceTo(due);
    awaitState("c", T, RunState.SUCCEEDED);

    long c = run("c", T).orElseThrow().id();
    List<RunEvent> events = store.read(tx -> tx.runReads().events(c));
    assertThat(events)
        .extracting(RunEvent::reason)
        .contains("waiting for the re-run of upstream 'a' (pipeline retry 1)");
  }
}
