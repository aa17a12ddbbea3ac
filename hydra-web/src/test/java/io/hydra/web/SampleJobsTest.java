package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.CatchupPolicy;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.TriggerRule;
import io.hydra.core.job.UpstreamRef;
import io.hydra.scheduler.apply.JobSet;
import io.hydra.store.testing.TestDatabase;
import io.hydra.web.cli.jobs.JobFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo pipeline in sample-jobs/: valid, complete, harmless, and loaded as written. */
class SampleJobsTest {

  private static final Path SAMPLES = Path.of("..", "sample-jobs");

  @TempDir Path dataDir;

  @Test
  void theSamplePipelineValidates() {
    CliRun run = CliRun.of("validate", "-f", SAMPLES.toString());
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("OK: 9 jobs and 3 calendars in 12 files are valid.");
  }

  @Test
  void itShowsEachKindOfJobTheReadmeDescribes() {
    Map<String, JobSpec> jobs = JobSet.parse(JobFiles.read(SAMPLES).trees()).byName();

    assertThat(jobs.get("ingest-events").schedule().cron()).isEqualTo("5 * * * *");
    assertThat(jobs.get("transform-orders").schedule()).isNull();
    assertThat(jobs.get("transform-orders").after())
        .containsExactly(
            UpstreamRef.sameTime("extract-orders"),
            new UpstreamRef("ingest-events", Duration.ofHours(24)));
    assertThat(jobs.get("load-warehouse").sameTimeUpstreams()).containsExactly("transform-orders");
    assertThat(jobs.get("daily-report").sameTimeUpstreams()).containsExactly("load-warehouse");
    assertThat(jobs.get("alert-pipeline-failure").trigger()).isEqualTo(TriggerRule.ONE_FAILED);
    JobSpec rebuild = jobs.get("rebuild-daily-aggregates"); // two schedules, one with a calendar
    assertThat(rebuild.schedule().catchup()).isEqualTo(CatchupPolicy.ALL);
    assertThat(rebuild.schedule().calendar()).isEqualTo("month-end-freeze");
    assertThat(rebuild.allSchedules()).hasSize(2);
    assertThat(JobSet.parse(JobFiles.read(SAMPLES).trees()).calendars())
        .containsOnlyKeys("us-federal-holidays-2027", "uk-bank-holidays-2027", "month-end-freeze");
    JobSpec onDemand = jobs.get("reprocess-partition"); // trigger-only, gated by freshness
    assertThat(onDemand.schedule()).isNull();
    assertThat(onDemand.sameTimeUpstreams()).isEmpty();
    assertThat(onDemand.after()).isNotEmpty();
    // Harmless anywhere: only echo and short sleeps.
    for (JobSpec job : jobs.values()) {
      String command =
          job.task().command() != null ? job.task().command() : String.join(" ", job.task().args());
      assertThat(command).as(job.name()).contains("echo").doesNotContainPattern("sleep [2-9]");
    }
  }

  @Test
  void theDemoLoadsThemExactlyAsWritten() {
    String db = TestDatabase.createDatabase("hydra_samples_" + ProcessHandle.current().pid());
    try (HydraServer server = new HydraServer(TestServer.config(dataDir, db, SAMPLES)).start()) {
      CliRun plan =
          CliRun.of(
              "plan",
              "-f",
              SAMPLES.toString(),
              "--prune",
              "--server",
              "http://127.0.0.1:" + server.port());
      assertThat(plan.exit()).as(plan.toString()).isZero();
      assertThat(plan.out()).contains("No changes");
    }
  }
}
