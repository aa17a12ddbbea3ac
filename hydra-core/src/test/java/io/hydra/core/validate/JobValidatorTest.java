package io.hydra.core.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.error.FieldError;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.PipelinePolicy;
import io.hydra.core.job.Resources;
import io.hydra.core.job.RetryPolicy;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.job.TaskSpec;
import io.hydra.core.job.UpstreamRef;
import io.hydra.core.testing.Specs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class JobValidatorTest {

  private static JobSpec withSchedule(String cron, String zone) {
    return JobSpec.builder("job")
        .schedule(new ScheduleSpec(cron, null, zone, null, null, null))
        .task(Specs.command("true"))
        .build();
  }

  @Test
  void aValidJobHasNoErrors() {
    assertThat(JobValidator.validate(Specs.scheduled("extract-orders"))).isEmpty();
    assertThat(JobValidator.validate(Specs.after("load.v2_x", UpstreamRef.sameTime("a"))))
        .isEmpty();
  }

  @Test
  void badNameIsRejected() {
    JobSpec spec =
        JobSpec.builder("Bad Name")
            .after(List.of(UpstreamRef.sameTime("a")))
            .task(Specs.command("true"))
            .build();
    assertThat(JobValidator.validate(spec))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("name");
              assertThat(e.message()).contains("'Bad Name'").contains("lower-case");
            });
  }

  @Test
  void badCronAndUnknownZoneAreBothReported() {
    assertThat(JobValidator.validate(withSchedule("0 25 * * *", "Europe/Nowhere")))
        .extracting(FieldError::field)
        .containsExactly("schedule.cron", "schedule.timezone");
  }

  @Test
  void aJobWithoutScheduleOrSameTimeUpstreamIsTriggerOnly() {
    assertThat(JobValidator.validate(Specs.after("on-demand"))).isEmpty();
    // Freshness entries still gate it; they give it no logical time, and need none.
    JobSpec gated = Specs.after("gated", new UpstreamRef("fx", Duration.ofHours(1)));
    assertThat(JobValidator.validate(gated)).isEmpty();
  }

  @Test
  void aNullUpstreamIsNamedNotAnInternalError() {
    JobSpec nulls = Specs.after("nulls", (UpstreamRef) null, new UpstreamRef("up", null), null);
    assertThat(nulls.sameTimeUpstreams()).containsExactly("up");
    assertThat(JobValidator.validate(nulls))
        .extracting(FieldError::field)
        .containsExactly("after[0].job", "after[2].job");
  }

  @Test
  void aScheduleThatNeverFiresIsRefused() {
    assertThat(JobValidator.validate(withSchedule("0 0 31 2 *", null)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("schedule.cron");
              assertThat(e.message()).contains("never fires");
            });
    assertThat(JobValidator.validate(withSchedule("0 0 29 2 *", null))).isEmpty(); // leap days
  }

  @Test
  void taskAndLimitsAreChecked() {
    TaskSpec task =
        new TaskSpec(
            null,
            null,
            null,
            new Resources(0.0, -1.0, null, null),
            Map.of("HYDRA_JOB", "x", "1BAD", "y"),
            null,
            null);
    JobSpec spec =
        JobSpec.builder("job")
            .schedule(new ScheduleSpec("@daily", null, null, null, null, Duration.ofMinutes(-5)))
            .after(List.of(UpstreamRef.sameTime("job")))
            .retries(new RetryPolicy(-1, null, 0.5, null))
            .timeout(Duration.ZERO)
            .task(task)
            .build();
    assertThat(JobValidator.validate(spec))
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "schedule.startingDeadline",
            "after[0].job",
            "retries.max",
            "retries.backoff",
            "timeout",
            "task.command",
            "task.resources.cpus",
            "task.resources.mem",
            "task.env.HYDRA_JOB",
            "task.env");
  }

  private static JobSpec withPipeline(JobSpec spec, RetryPolicy retries) {
    return JobSpec.builder(spec.name())
        .schedule(spec.schedule())
        .after(spec.after())
        .task(spec.task())
        .pipeline(new PipelinePolicy(retries))
        .build();
  }

  @Test
  void pipelineRetriesBelongToARootAndNameTheirFields() {
    RetryPolicy twice = new RetryPolicy(2, Duration.ofMinutes(10), 2.0, null);
    assertThat(JobValidator.validate(withPipeline(Specs.scheduled("root"), twice))).isEmpty();
    assertThat(
            JobValidator.validate(
                withPipeline(Specs.after("leaf", UpstreamRef.sameTime("root")), twice)))
        .extracting(FieldError::field)
        .containsExactly("pipeline");
    assertThat(
            JobValidator.validate(
                withPipeline(
                    Specs.after("leaf", new UpstreamRef("root", Duration.ofDays(1))), twice)))
        .as("a freshness upstream shares no logical time: the job is a root")
        .isEmpty();
    RetryPolicy bad = new RetryPolicy(101, Duration.ofMinutes(-1), 0.5, Duration.ZERO);
    assertThat(JobValidator.validate(withPipeline(Specs.scheduled("root"), bad)))
        .extracting(FieldError::field)
        .containsExactly(
            "pipeline.retries.max",
            "pipeline.retries.delay",
            "pipeline.retries.backoff",
            "pipeline.retries.maxDelay");
  }

  @Test
  void missingTaskIsRequired() {
    JobSpec spec =
        JobSpec.builder("job")
            .schedule(new ScheduleSpec("@daily", null, null, null, null, null))
            .build();
    assertThat(JobValidator.validate(spec)).containsExactly(new FieldError("task", "is required"));
  }

  @Test
  void unknownUpstreamIsNamed() {
    SortedMap<String, List<FieldError>> errors =
        JobValidator.validateGraph(
            List.of(
                Specs.scheduled("a"),
                Specs.after("b", UpstreamRef.sameTime("a"), UpstreamRef.sameTime("ghost"))));
    assertThat(errors).containsOnlyKeys("b");
    assertThat(errors.get("b"))
        .containsExactly(new FieldError("after[1].job", "unknown upstream job 'ghost'"));
  }

  @Test
  void cycleNamesTheJobsOnIt() {
    SortedMap<String, List<FieldError>> errors =
        JobValidator.validateGraph(
            List.of(
                Specs.scheduled("root"),
                Specs.after("a", UpstreamRef.sameTime("root"), UpstreamRef.sameTime("b")),
                Specs.after("b", UpstreamRef.sameTime("a"))));
    assertThat(errors).containsOnlyKeys("a", "b");
    assertThat(errors.get("a"))
        .containsExactly(new FieldError("after", "dependency cycle: a -> b -> a"));
  }

  @Test
  void malformedConstraintsNameTheirPosition() {
    TaskSpec task =
        new TaskSpec(
            "true",
            null,
            null,
            null,
            null,
            null,
            List.of(List.of("rack", "UNLIKE", "r1"), List.of("rack", "NEAR", "r2")));
    JobSpec spec =
        JobSpec.builder("placed").after(List.of(UpstreamRef.sameTime("a"))).task(task).build();
    assertThat(JobValidator.validate(spec))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("task.constraints[1]");
              assertThat(e.message()).contains("unknown operator 'NEAR'");
            });
  }
}
