package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.error.FieldError;
import io.hydra.store.json.JobSpecReader;
import org.junit.jupiter.api.Test;

/** JobService.check: what create or update would refuse, found without changing anything. */
class JobServiceCheckTest extends EngineFixture {

  @Test
  void reportsTheJobsOwnAndItsGraphsProblemsAndStoresNothing() {
    define("name: extract\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");

    assertThat(
            jobs.check(
                JobSpecReader.fromYaml("name: load\nafter: [extract]\ntask: {command: 'true'}\n")))
        .isEmpty();
    assertThat(
            jobs.check(
                JobSpecReader.fromYaml("name: load\nafter: [ghost]\ntask: {command: 'true'}\n")))
        .extracting(FieldError::field)
        .containsExactly("after[0].job");
    assertThat(
            jobs.check(
                JobSpecReader.fromYaml(
                    "name: Load\nschedule: {cron: '61 2 * * *'}\ntask: {command: 'true'}\n")))
        .extracting(FieldError::field)
        .contains("name", "schedule.cron");
    assertThat(jobs.get("load")).isEmpty();
  }

  @Test
  void aMaskedSecretStandsForTheStoredValueOnlyWhereOneIsStored() {
    define(
        "name: secretive\nschedule: {cron: '0 2 * * *'}\n"
            + "task: {command: 'true', env: {TOKEN: s3cret}, secrets: [TOKEN]}\n");
    String masked =
        "schedule: {cron: '0 3 * * *'}\n"
            + "task: {command: 'true', env: {TOKEN: '***'}, secrets: [TOKEN]}\n";

    assertThat(jobs.check(JobSpecReader.fromYaml("name: secretive\n" + masked))).isEmpty();
    assertThat(jobs.check(JobSpecReader.fromYaml("name: newcomer\n" + masked)))
        .extracting(FieldError::field)
        .containsExactly("task.env.TOKEN");
  }
}
