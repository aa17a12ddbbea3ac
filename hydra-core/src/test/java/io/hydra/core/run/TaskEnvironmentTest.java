package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {

  @Test
  void setsTheHydraVariablesWithTheDateInTheJobsZone() {
    Map<String, String> env =
        TaskEnvironment.of(
            Map.of("MODE", "prod"),
            "load",
            42,
            Instant.parse("2026-03-01T23:30:00Z"),
            ZoneId.of("Europe/Berlin"),
            2,
            Map.of("batch-size", "100"));

    assertThat(env)
        .containsEntry("MODE", "prod")
        .containsEntry("HYDRA_JOB", "load")
        .containsEntry("HYDRA_RUN_ID", "42")
        .containsEntry("HYDRA_LOGICAL_TIME", "2026-03-01T23:30:00Z")
        .containsEntry("HYDRA_LOGICAL_DATE", "2026-03-02")
        .containsEntry("HYDRA_ATTEMPT", "2")
        .containsEntry("HYDRA_PARAM_BATCH_SIZE", "100");
  }

  @Test
  void taskIdsAreDeterministic() {
    Instant t = Instant.parse("2026-03-01T02:00:00Z");
    assertThat(TaskIds.of("etl", t, 3)).isEqualTo("hydra.etl." + t.toEpochMilli() + ".3");
  }
}
