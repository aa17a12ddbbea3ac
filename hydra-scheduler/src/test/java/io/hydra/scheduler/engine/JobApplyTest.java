package io.hydra.scheduler.engine;

import static io.hydra.scheduler.engine.ApplyFixture.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.scheduler.apply.ApplyPlan;
import io.hydra.scheduler.apply.InvalidJobSetException;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.store.Store;
import io.hydra.store.error.ConflictException;
import io.hydra.store.job.JobVersion;
import io.hydra.store.job.StoredJob;
import io.hydra.store.json.JobSpecReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying a whole set of jobs against real PostgreSQL: atomic, validated as a whole, serial. */
class JobApplyTest {

  private ApplyFixture fixture;
  private Store store;
  private Engine engine;
  private JobService jobs;
  private JobApply apply;

  @BeforeEach
  void setUp() {
    fixture = new ApplyFixture();
    store = fixture.store;
    engine = fixture.engine;
    jobs = fixture.jobs;
    apply = fixture.apply;
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private static JsonNode scheduled(String name, String command) {
    return yaml(
        "name: " + name + "\nschedule: {cron: '0 2 * * *'}\ntask: {command: '" + command + "'}\n");
  }

  private static JsonNode after(String name, String upstream, String command) {
    return yaml(
        "name: " + name + "\nafter: [" + upstream + "]\ntask: {command: '" + command + "'}\n");
  }

  private ApplyPlan run(boolean prune, boolean dryRun, String source, JsonNode... set) {
    return apply.apply(new JobApply.Request(List.of(set), prune, dryRun, source, null, "ci"));
  }

  /** Every job's name, version and command: the whole observable state of the definitions. */
  private Map<String, String> state() {
    Map<String, String> out = new TreeMap<>();
    for (StoredJob job : jobs.list()) {
      out.put(job.name(), job.version() + ":" + job.spec().task().command());
    }
    return out;
  }

  @Test
  void aSetIsCreatedThenReappliedWithoutNewVersionsThenUpdatedFieldByField() {
    ApplyPlan first =
        run(
            false,
            false,
            "git:aaa",
            scheduled("extract", "echo 1"),
            after("load", "extract", "echo 1"));
    assertThat(first.created())
        .extracting(ApplyPlan.Created::job)
        .containsExactly("extract", "load");
    assertThat(jobs.nextFire("extract")).contains(Instant.parse("2026-03-03T02:00:00Z"));

    ApplyPlan again =
        run(
            false,
            false,
            "git:bbb",
            scheduled("extract", "echo 1"),
            after("load", "extract", "echo 1"));
    assertThat(again.hasChanges()).isFalse();
    assertThat(again.unchanged()).containsExactly("extract", "load");
    assertThat(jobs.versions("extract")).hasSize(1);

    ApplyPlan changed =
        run(
            false,
            false,
            "git:ccc",
            yaml(
                "name: extract\n"
                    + "schedule: {cron: '0 3 * * *'}\nlabels: {team: data}\ntask: {command: 'echo 1'}\n"),
            after("load", "extract", "echo 1"));
    assertThat(changed.updated()).hasSize(1);
    ApplyPlan.Updated update = changed.updated().get(0);
    assertThat(update.fromVersion()).isEqualTo(1);
    assertThat(update.version()).isEqualTo(2);
    assertThat(update.changes())
        .extracting(c -> c.field() + ": " + c.before() + " -> " + c.after())
        .containsExactlyInAnyOrder(
            "schedule.cron: \"0 2 * * *\" -> \"0 3 * * *\"", "labels.team: null -> \"data\"");
    JobVersion latest = jobs.versions("extract").get(0);
    assertThat(latest.author()).isEqualTo("ci");
    assertThat(latest.source()).isEqualTo("git:ccc");
    assertThat(latest.change()).isEqualTo("updated");
    assertThat(jobs.nextFire("extract")).contains(Instant.parse("2026-03-03T03:00:00Z"));
  }

  @Test
  void aDryRunReportsTheChangesAndWritesNothing() {
    run(false, false, null, scheduled("extract", "echo 1"));
    Map<String, String> before = state();

    ApplyPlan plan =
        run(true, true, null, scheduled("extract", "echo 2"), after("load", "extract", "echo 1"));

    assertThat(plan.dryRun()).isTrue();
    assertThat(plan.created()).extracting(ApplyPlan.Created::job).containsExactly("load");
    assertThat(plan.created().get(0).version()).isNull();
    assertThat(plan.updated()).extracting(ApplyPlan.Updated::job).containsExactly("extract");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void anInvalidSetOfThreeChangesNothingAndNamesEachJobAndField() {
    run(false, false, null, scheduled("a", "echo 0"), scheduled("b", "echo 0"));
    Map<String, String> before = state();

    assertThatThrownBy(
            () ->
                run(
                    true,
                    false,
                    null,
                    scheduled("a", "echo 1"),
                    scheduled("new-job", "echo 1"),
                    yaml("name: b\nschedule: {cron: '61 * * * *'}\ntask: {command: 'echo 1'}\n")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .singleElement()
                    .satisfies(
                        err -> {
                          assertThat(err.path()).isEqualTo("jobs[2].schedule.cron");
                          assertThat(err.job()).isEqualTo("b");
                        }));

    assertThat(state()).isEqualTo(before);
    assertThat(jobs.get("new-job")).isEmpty();
  }

  @Test
  void aSetThatIsOnlyInvalidAsAGraphChangesNothing() {
    run(false, false, null, scheduled("a", "echo 0"));
    Map<String, String> before = state();

    assertThatThrownBy(
            () ->
                run(
                    false,
                    false,
                    null,
                    yaml(
                        "name: a\nschedule: {cron: '0 2 * * *'}\nafter: [c]\ntask: {command: 'x'}\n"),
                    after("b", "a", "x"),
                    after("c", "b", "x")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .extracting(JobSetError::path)
                    .containsExactly("jobs[0].after", "jobs[1].after", "jobs[2].after"))
        .hasMessageContaining("dependency cycle: a -> b -> c -> a");
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void errorsOfEveryJobAreReportedAtOnceWithDuplicatesNamed() {
    assertThatThrownBy(
            () ->
                run(
                    false,
                    false,
                    null,
                    scheduled("a", "x"),
                    yaml("name: a\nretries: {max: many}\n"),
                    yaml("[not, a, job]"),
                    yaml("name: c\nafter: [nowhere]\ntask: {command: x}\n")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .extracting(err -> err.path() + ": " + err.message())
                    .anySatisfy(m -> assertThat(m).startsWith("jobs[1].retries.max: "))
                    .anySatisfy(m -> assertThat(m).startsWith("jobs[2]: expected a job"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .isEqualTo(
                                    "jobs[0].name: job 'a' is defined 2 times in this set")));
    assertThat(jobs.list()).isEmpty();
  }

  @Test
  void pruneDeletesJobsLeftOutButNotOnesThatRemainingJobsDependOn() {
    run(
        false,
        false,
        null,
        scheduled("extract", "x"),
        after("transform", "extract", "x"),
        after("load", "transform", "x"),
        scheduled("old", "x"));

    ApplyPlan withoutPrune = run(false, true, null, scheduled("extract", "x"));
    assertThat(withoutPrune.deleted()).isEmpty();
    assertThat(withoutPrune.notInSet()).containsExactly("load", "old", "transform");

    // transform is left out, but load (kept) still depends on it: refused, nothing deleted.
    assertThatThrownBy(
            () ->
                run(true, false, null, scheduled("extract", "x"), after("load", "transform", "x")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .singleElement()
                    .satisfies(
                        err -> {
                          assertThat(err.path()).isEqualTo("jobs[1].after[0].job");
                          assertThat(err.message()).contains("'transform'", "deletes");
                        }));
    assertThat(jobs.list()).hasSize(4);

    ApplyPlan pruned =
        run(
            true,
            false,
            "git:prune",
            scheduled("extract", "x"),
            after("transform", "extract", "x"),
            after("load", "transform", "x"));
    assertThat(pruned.deleted()).extracting(ApplyPlan.Deleted::job).containsExactly("old");
    assertThat(jobs.get("old")).isEmpty();
    assertThat(jobs.versions("old").get(0).change()).isEqualTo("deleted");
    assertThat(jobs.versions("old").get(0).source()).isEqualTo("git:prune");
    assertThat(jobs.nextFire("old")).isEmpty();
  }

  @Test
  void aPipelineIsRenamedAndRewiredInOneApply() {
    run(
        false,
        false,
        null,
        scheduled("extract", "x"),
        after("transform", "extract", "x"),
        after("load", "transform", "x"));

    ApplyPlan plan =
        run(
            true,
            false,
            null,
            scheduled("extract", "x"),
            after("transform-v2", "extract", "x"),
            after("load", "transform-v2", "x"));

    assertThat(plan.created()).extracting(ApplyPlan.Created::job).containsExactly("transform-v2");
    assertThat(plan.updated()).extracting(ApplyPlan.Updated::job).containsExactly("load");
    assertThat(plan.updated().get(0).changes()).extracting(c -> c.field()).containsExactly("after");
    assertThat(plan.deleted()).extracting(ApplyPlan.Deleted::job).containsExactly("transform");
    assertThat(state().keySet()).containsExactly("extract", "load", "transform-v2");
    assertThat(engine.catalog().graph().downstreamOf("transform-v2")).containsExactly("load");
  }

  @Test
  void aPauseMadeOnTheServerSurvivesAnApplyThatDoesNotMentionIt() {
    run(false, false, null, scheduled("a", "x"), scheduled("b", "x"));
    jobs.setPaused("a", true, "oncall");
    jobs.setPaused("b", true, "oncall");

    ApplyPlan plan =
        run(
            false,
            false,
            null,
            scheduled("a", "x"),
            yaml("name: b\nschedule: {cron: '0 2 * * *'}\npaused: false\ntask: {command: x}\n"));

    assertThat(plan.unchanged()).containsExactly("a");
    assertThat(plan.updated()).extracting(ApplyPlan.Updated::job).containsExactly("b");
    assertThat(jobs.get("a").orElseThrow().spec().pausedFlag()).isTrue();
    assertThat(jobs.get("b").orElseThrow().spec().pausedFlag()).isFalse();
  }

  @Test
  void anApplyBoundToAPlanIsRefusedWhenTheJobsChangedSinceThen() {
    run(false, false, null, scheduled("a", "echo 0"));
    ApplyPlan plan = run(false, true, null, scheduled("a", "echo 1"));
    jobs.update("a", JobSpecReader.fromTree(scheduled("a", "echo 2")), "someone", null);

    assertThatThrownBy(
            () ->
                apply.apply(
                    new JobApply.Request(
                        List.of(scheduled("a", "echo 1")),
                        false,
                        false,
                        null,
                        plan.revision(),
                        "ci")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("changed since the plan");
    assertThat(jobs.get("a").orElseThrow().spec().task().command()).isEqualTo("echo 2");

    ApplyPlan fresh = run(false, true, null, scheduled("a", "echo 1"));
    apply.apply(
        new JobApply.Request(
            List.of(scheduled("a", "echo 1")), false, false, null, fresh.revision(), "ci"));
    assertThat(jobs.get("a").orElseThrow().spec().task().command()).isEqualTo("echo 1");
  }

  @Test
  void twoConcurrentAppliesRunOneAfterTheOtherNeverMixed() throws Exception {
    List<String> names = List.of("p1", "p2", "p3", "p4");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        Map<String, Integer> versionsBefore = versions(names);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApplyPlan>> results = new ArrayList<>();
        for (String side : List.of("A", "B")) {
          String command = "echo " + side + round;
          String source = side + round;
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return run(
                        true,
                        false,
                        source,
                        scheduled("p1", command),
                        after("p2", "p1", command),
                        after("p3", "p2", command),
                        after("p4", "p3", command));
                  }));
        }
        go.countDown();
        int updates = 0;
        for (Future<ApplyPlan> result : results) {
          ApplyPlan plan = result.get(30, TimeUnit.SECONDS);
          int changed = plan.created().size() + plan.updated().size();
          // Each apply saw a consistent state: all four jobs from one earlier apply, or none.
          assertThat(changed).as("jobs changed by one apply").isIn(0, 4);
          updates += plan.updated().size();
        }
        Map<String, String> commands = new TreeMap<>();
        jobs.list().forEach(j -> commands.put(j.name(), j.spec().task().command()));
        assertThat(commands.keySet()).containsExactlyElementsOf(names);
        assertThat(commands.values().stream().distinct().count())
            .as("every job from the same apply: " + commands)
            .isEqualTo(1);
        String winner = commands.get("p1").substring(5);
        for (String name : names) {
          assertThat(jobs.versions(name).get(0).source()).isEqualTo(winner);
        }
        if (round > 0) {
          Map<String, Integer> after = versions(names);
          int written = names.stream().mapToInt(n -> after.get(n) - versionsBefore.get(n)).sum();
          assertThat(written).isEqualTo(updates);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aConcurrentApplyIsValidatedAgainstTheStateTheOtherLeft() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 15; round++) {
        run(false, false, null, scheduled("base", "x"), scheduled("x", "x"));
        CountDownLatch go = new CountDownLatch(1);
        // One apply prunes x; the other adds y, which needs x. Run one after the other, y is
        // either refused (x is gone) or pruned with x; validated against a stale state, y
        // would be left depending on a job that no longer exists.
        Future<?> prune =
            pool.submit(
                () -> {
                  go.await();
                  return run(true, false, "prune", scheduled("base", "x"));
                });
        Future<?> add =
            pool.submit(
                () -> {
                  go.await();
                  try {
                    return run(false, false, "add", after("y", "x", "x"));
                  } catch (InvalidJobSetException e) {
                    assertThat(e.jobErrors())
                        .extracting(JobSetError::message)
                        .containsExactly("unknown upstream job 'x'");
                    return null;
                  }
                });
        go.countDown();
        prune.get(30, TimeUnit.SECONDS);
        add.get(30, TimeUnit.SECONDS);
        assertThat(state().keySet()).as("round " + round).containsExactly("base");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, Integer> versions(List<String> names) {
    return jobs.list().stream()
        .filter(j -> names.contains(j.name()))
        .collect(Collectors.toMap(StoredJob::name, StoredJob::version));
  }
}
