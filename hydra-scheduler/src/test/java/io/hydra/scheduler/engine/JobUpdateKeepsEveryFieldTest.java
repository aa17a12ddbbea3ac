package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.JobSpec;
import io.hydra.store.json.JobSpecReader;
import org.junit.jupiter.api.Test;

/**
 * A change of a job keeps every field it was given: the update path copies the spec under the
 * path's name, and a field that copy forgot (it once dropped {@code priority} and {@code pipeline})
 * would silently be lost. Each field here is set to something other than its default.
 */
class JobUpdateKeepsEveryFieldTest extends EngineFixture {

  private static final String FULL =
      """
      name: full
      owner: data-eng
      description: every field set
      labels: {team: data}
      schedule:
        - {cron: '0 2 * * *', timezone: Europe/Berlin, catchup: all, startingDeadline: PT1H}
        - {cron: '0 14 * * *'}
      trigger: all_done
      concurrency: queue
      retries: {max: 2, delay: PT1M}
      timeout: PT2H
      deadline: PT6H
      priority: 7
      pipeline: {retries: {max: 1, delay: PT5M}}
      task: {command: 'true', resources: {cpus: 0.5, mem: 256}}
      """;

  @Test
  void anUpdateStoresTheWholeSpecItWasGiven() {
    define("name: full\ntask: {command: 'true'}\n");
    JobSpec given = JobSpecReader.fromYaml(FULL);

    JobSpec stored = jobs.update("full", given, "test", null).spec();

    assertThat(stored).isEqualTo(JobService.validated(given));
    assertThat(stored.priority()).isEqualTo(7);
    assertThat(stored.pipelineRetries()).isEqualTo(1);
    assertThat(stored.allSchedules()).hasSize(2);
    assertThat(jobs.get("full").orElseThrow().spec()).isEqualTo(stored);
  }
}
