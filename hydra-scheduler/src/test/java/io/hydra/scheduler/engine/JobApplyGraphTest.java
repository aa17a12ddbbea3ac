package io.hydra.scheduler.engine;

import static io.hydra.scheduler.engine.ApplyFixture.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.core.error.ValidationException;
import io.hydra.scheduler.apply.ApplyPlan;
import io.hydra.scheduler.apply.InvalidJobSetException;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.store.job.StoredJob;
import io.hydra.store.json.JobSpecReader;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph check of an apply looks only at the set's jobs and what they wait for (AffectedGraph),
 * not at the whole catalog: a cycle closed through jobs already on the server, which the set does
 * not name, is still refused, naming every job on it; against real PostgreSQL.
 */
class JobApplyGraphTest {

  private ApplyFixture fixture;
  private Engine engine;
  private JobService jobs;
  private JobApply apply;

  @BeforeEach
  void setUp() {
    fixture = new ApplyFixture();
    engine = fixture.engine;
    jobs = fixture.jobs;
    apply = fixture.apply;
    // On the server: a chain extract -> load -> report, and jobs beside it.
    run(
        scheduled("extract"),
        after("load", "extract"),
        after("report", "load"),
        scheduled("other"),
        after("other-load", "other"));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private static JsonNode scheduled(String name) {
    return yaml("name: " + name + "\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
  }

  private static JsonNode after(String name, String upstream) {
    return yaml("name: " + name + "\nafter: [" + upstream + "]\ntask: {command: 'true'}\n");
  }

  private ApplyPlan run(JsonNode... set) {
    return apply.apply(new JobApply.Request(List.of(set), false, false, null, null, "ci"));
  }

  private Map<String, Integer> versions() {
    Map<String, Integer> out = new TreeMap<>();
    for (StoredJob job : jobs.list()) {
      out.put(job.name(), job.version());
    }
    return out;
  }

  @Test
  void aCycleThroughJobsOutsideTheSetIsRefusedNamingEveryJobOnIt() {
    Map<String, Integer> before = versions();

    assertThatThrownBy(() -> run(after("extract", "report")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .extracting(err -> err.job() + " " + err.path() + ": " + err.message())
                    .containsExactlyInAnyOrder(
                        "extract jobs[0].after: dependency cycle: extract -> load -> report"
                            + " -> extract",
                        "load after: dependency cycle: extract -> load -> report -> extract",
                        "report after: dependency cycle: extract -> load -> report -> extract"));
    assertThat(versions()).isEqualTo(before);
  }

  @Test
  void aCycleClosedByANewJobAndAChangedOneAcrossStoredJobsIsRefused() {
    Map<String, Integer> before = versions();

    // extract waits for the new bridge, which waits for report: both ends are in the set, the
    // middle of the cycle (load, report) is only on the server.
    assertThatThrownBy(() -> run(after("extract", "bridge"), after("bridge", "report")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .extracting(JobSetError::job)
                    .containsExactlyInAnyOrder("bridge", "extract", "load", "report"))
        .hasMessageContaining("dependency cycle: bridge -> extract -> load -> report -> bridge");
    assertThat(versions()).isEqualTo(before);
    assertThat(jobs.get("bridge")).isEmpty();
  }

  @Test
  void aChangeBesideTheChainIsAppliedAndItsGraphCheckTimed() {
    JobApply.Phases phases = new JobApply.Phases();

    ApplyPlan plan =
        apply.apply(
            new JobApply.Request(
                List.of(after("other-load", "report")), false, false, null, null, "ci"),
            phases);

    assertThat(plan.updated()).extracting(ApplyPlan.Updated::job).containsExactly("other-load");
    assertThat(versions()).containsEntry("other-load", 2).containsEntry("extract", 1);
    assertThat(phases.graphMs()).isPositive();
    assertThat(phases.readMs()).isPositive();
    assertThat(phases.reloadMs()).isPositive();
  }

  @Test
  void anUnknownUpstreamOfAChangedJobIsStillRefused() {
    assertThatThrownBy(() -> run(after("load", "nowhere")))
        .isInstanceOfSatisfying(
            InvalidJobSetException.class,
            e ->
                assertThat(e.jobErrors())
                    .extracting(err -> err.path() + ": " + err.message())
                    .containsExactly("jobs[0].after[0].job: unknown upstream job 'nowhere'"));
  }

  @Test
  void aSingleJobUpdateThatClosesACycleIsRefusedToo() {
    // JobService checks one job's change the same way (AffectedGraph of that job).
    assertThatThrownBy(
            () ->
                jobs.update(
                    "extract", JobSpecReader.fromTree(after("extract", "report")), "ci", null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("dependency cycle: extract -> load -> report -> extract");
    assertThat(versions()).containsEntry("extract", 1);
  }
}
