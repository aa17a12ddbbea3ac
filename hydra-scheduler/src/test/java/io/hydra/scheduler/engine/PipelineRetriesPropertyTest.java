package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.core.time.SettableClock;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.run.PipelineRetry;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Pipeline retries over generated pipelines and outcomes, on the stepped engine and real
 * PostgreSQL: root r (with {@code max} retries) and up to three dependents, each waiting for some
 * of the jobs before it, each failing its first few attempts. Whatever they are, the retries never
 * exceed {@code max}, a retry starts only once every node has ended, and the pipeline ends either
 * succeeded or with every retry spent.
 */
class PipelineRetriesPropertyTest {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
  private static Database shared;

  /**
   * One generated case: the retries allowed, each dependent's upstreams (indexes of earlier jobs, 0
   * being r) and each job's failures before its first success (r first).
   */
  record Case(int max, List<List<Integer>> upstreams, List<Integer> failures) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> max = Arbitraries.integers().between(0, 3);
    Arbitrary<Integer> size = Arbitraries.integers().between(0, 3);
    return Combinators.combine(max, size, Arbitraries.randoms())
        .as(
            (m, n, random) -> {
              List<List<Integer>> ups = new ArrayList<>();
              List<Integer> failures = new ArrayList<>();
              failures.add(random.nextInt(3));
              for (int i = 1; i <= n; i++) {
                List<Integer> mine = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                  if (random.nextBoolean() || (j == i - 1 && mine.isEmpty())) {
                    mine.add(j);
                  }
                }
                ups.add(mine);
                failures.add(random.nextInt(4));
              }
              return new Case(m, ups, failures);
            });
  }

  @Property(tries = 25)
  void retriesStayWithinMaxAndStartOnlyOnceEveryNodeEnded(@ForAll("cases") Case c) {
    Store store = new Store(database().jdbi());
    store.useTransaction(
        tx -> {
          for (String table :
              List.of("run_event", "pipeline_retry", "attempt", "run", "job_schedule")) {
            tx.handle().execute("delete from " + table);
          }
          tx.handle().execute("delete from job_version");
          tx.handle().execute("delete from job");
          tx.handle().execute("delete from leader_lease");
        });
    SettableClock clock = new SettableClock(Instant.parse("2026-03-02T10:30:00Z"));
    ScriptedLauncher launcher = ScriptedLauncher.synchronous();
    try (Engine engine =
        new Engine(
            store,
            launcher,
            clock,
            new EngineConfig(Duration.ofMillis(50), 200, 1000),
            new JobCatalog(),
            false)) {
      engine.startStepped();
      Runnable settle = () -> EnginePasses.settle(engine, store, launcher, 25, () -> {});
      settle.run();
      define(store, engine, c, launcher);
      new RunService(store, engine).trigger("r", T, Map.of());
      settle.run();
      for (int round = 0; round < 8; round++) {
        check(store, c);
        Optional<Instant> due =
            retries(store).stream()
                .filter(PipelineRetry::isScheduled)
                .map(PipelineRetry::dueAt)
                .findAny();
        if (due.isEmpty()) {
          break;
        }
        clock.set(due.get());
        settle.run();
      }
      checkEnd(store, c);
    }
  }

  private static void define(Store store, Engine engine, Case c, ScriptedLauncher launcher) {
    JobService jobs = new JobService(store, engine);
    jobs.create(
        JobSpecReader.fromYaml(
            "name: r\npipeline: {retries: {max: "
                + c.max()
                + ", delay: PT1M}}\ntask: {command: 'true'}\n"),
        "test",
        null);
    for (int i = 0; i < c.upstreams().size(); i++) {
      List<String> after =
          c.upstreams().get(i).stream().map(PipelineRetriesPropertyTest::name).toList();
      jobs.create(
          JobSpecReader.fromYaml(
              "name: "
                  + name(i + 1)
                  + "\nafter: ["
                  + String.join(", ", after)
                  + "]\ntask: {command: 'true'}\n"),
          "test",
          null);
    }
    for (int i = 0; i < c.failures().size(); i++) {
      launcher.failFirst(name(i), c.failures().get(i));
    }
  }

  private static String name(int index) {
    return index == 0 ? "r" : "n" + index;
  }

  private static List<PipelineRetry> retries(Store store) {
    return store.read(tx -> tx.pipelineRetries().of("r", T));
  }

  private static List<Run> runs(Store store, Case c) {
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < c.failures().size(); i++) {
      jobs.add(name(i));
    }
    return List.copyOf(store.read(tx -> tx.pipelineRuns().at(jobs, T)).values());
  }

  /** Within max, one waiting at most, and each started retry found every node ended. */
  private static void check(Store store, Case c) {
    List<PipelineRetry> retries = retries(store);
    assertThat(retries.size()).isLessThanOrEqualTo(c.max());
    assertThat(retries.stream().filter(PipelineRetry::isScheduled).count()).isLessThanOrEqualTo(1);
    for (PipelineRetry retry : retries) {
      if (retry.isScheduled()) {
        assertThat(runs(store, c)).allMatch(r -> r.state().isTerminal());
        continue;
      }
      assertThat(retry.startedAt()).isAfterOrEqualTo(retry.dueAt());
      for (Run run : runs(store, c)) {
        List<RunEvent> before =
            store.read(tx -> tx.runReads().events(run.id())).stream()
                .filter(e -> e.at().isBefore(retry.startedAt()))
                .toList();
        assertThat(before).as(run.job() + " had a run before retry " + retry.number()).isNotEmpty();
        String last = before.get(before.size() - 1).state();
        assertThat(RunState.fromWire(last).isTerminal())
            .as(run.job() + " had ended before retry " + retry.number() + " (was " + last + ")")
            .isTrue();
      }
    }
  }

  /** Nothing left waiting: every node succeeded, or the retries are spent. */
  private static void checkEnd(Store store, Case c) {
    List<Run> runs = runs(store, c);
    assertThat(runs).hasSize(c.failures().size()).allMatch(r -> r.state().isTerminal());
    List<PipelineRetry> retries = retries(store);
    assertThat(retries).noneMatch(PipelineRetry::isScheduled);
    boolean anyFailed = runs.stream().anyMatch(r -> r.state() == RunState.FAILED);
    if (anyFailed) {
      assertThat(retries).hasSize(c.max());
    }
    for (Run run : runs) {
      assertThat(run.attempts()).isLessThanOrEqualTo(1 + retries.size());
    }
  }

  private static synchronized Database database() {
    if (shared == null) {
      shared = TestDatabase.create();
    }
    return shared;
  }

  @AfterContainer
  static void close() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }
}
