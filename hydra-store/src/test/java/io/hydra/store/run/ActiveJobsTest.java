package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.store.Store;
import io.hydra.store.testing.RunHistory;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RunQueue#withActive}, which a concurrency check asks for every batch of a boundary's
 * fires: which jobs have a run that has not ended, and at a cost of the jobs asked about, not of
 * the runs stored.
 */
class ActiveJobsTest {

  private static final Instant T = Instant.parse("2026-12-06T00:00:00Z");
  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  @Test
  void aJobIsActiveExactlyWhenOneOfItsRunsIsQueuedRunningOrRetrying() {
    List<String> asked = new ArrayList<>();
    for (RunState state : RunState.values()) {
      String alone = "alone-" + state.wireName();
      RunHistory.run(store, alone, T, state);
      // Beside an ended run of the same job, which must neither hide nor stand in for it.
      String beside = "beside-" + state.wireName();
      RunHistory.run(store, beside, T, RunState.SUCCEEDED);
      RunHistory.run(store, beside, T.plusSeconds(60), state);
      asked.addAll(List.of(alone, beside));
    }
    asked.add("no-runs");

    Set<String> active = store.read(tx -> tx.runQueue().withActive(asked));

    Set<String> expected =
        RunState.ACTIVE.stream()
            .flatMap(s -> List.of("alone-" + s.wireName(), "beside-" + s.wireName()).stream())
            .collect(Collectors.toSet());
    assertThat(active).isEqualTo(expected);
    Set<String> none = store.read(tx -> tx.runQueue().withActive(List.of()));
    assertThat(none).isEmpty();
  }

  /**
   * A boundary's batch of 500 jobs against 20,000 runs, the table analyzed: the shape in which the
   * planner scanned every run for {@code job = any(:jobs)} (checked here too, so the test keeps
   * asking what it was written for), and in which the lateral form must still probe the index.
   */
  @Test
  void aBatchOfJobsProbesTheActiveRunsIndexInsteadOfScanningEveryRun() {
    store.useTransaction(
        tx ->
            tx.handle()
                .execute(
                    "insert into run (job, logical_time, job_version, state, reason, reason_kind,"
                        + " cause, created_at, updated_at) select 'many-' || i, ?, 1, case when"
                        + " i % 2 = 0 then 'running' else 'succeeded' end, '', 'launching',"
                        + " 'schedule', now(), now() from generate_series(0, 19999) i",
                    T));
    store.useTransaction(tx -> tx.handle().execute("analyze run"));
    String[] batch =
        IntStream.range(19_750, 20_250).mapToObj(i -> "many-" + i).toArray(String[]::new);

    String plan = explain(RunQueue.WITH_ACTIVE, batch);
    assertThat(plan).contains("run_active_job").doesNotContain("Seq Scan on run");
    String before =
        "select distinct job from run where job = any(:jobs) and state in " + RunRows.ACTIVE;
    assertThat(explain(before, batch))
        .as("the form it replaced scans every run here")
        .contains("Seq Scan on run");

    Set<String> active = store.read(tx -> tx.runQueue().withActive(Arrays.asList(batch)));
    assertThat(active).hasSize(125).allMatch(j -> Integer.parseInt(j.substring(5)) % 2 == 0);
  }

  private static String explain(String sql, String[] jobs) {
    return store.read(
        tx ->
            String.join(
                "\n",
                tx.handle()
                    .createQuery("explain " + sql)
                    .bind("jobs", jobs)
                    .mapTo(String.class)
                    .list()));
  }
}
