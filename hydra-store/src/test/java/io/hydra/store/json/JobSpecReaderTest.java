package io.hydra.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.TriggerRule;
import io.hydra.core.job.UpstreamRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSpecReaderTest {

  private static final String FULL =
      """
      name: transform-orders
      owner: data-eng
      labels: {team: data}
      schedule: {cron: "0 2 * * *", timezone: Europe/Berlin}
      after:
        - extract-orders
        - {job: fx-rates, within: PT24H}
      trigger: all_success
      retries: {max: 3, delay: PT30S, backoff: 2.0, maxDelay: PT10M}
      timeout: PT2H
      task:
        command: "python transform.py --date $HYDRA_LOGICAL_DATE"
        resources: {cpus: 0.5, mem: 512}
        env: {MODE: prod}
      """;

  @Test
  void readsTheDesignExample() {
    JobSpec spec = JobSpecReader.fromYaml(FULL);

    assertThat(spec.after())
        .containsExactly(
            UpstreamRef.sameTime("extract-orders"),
            new UpstreamRef("fx-rates", Duration.ofHours(24)));
    assertThat(spec.trigger()).isEqualTo(TriggerRule.ALL_SUCCESS);
    assertThat(spec.retries().maxDelay()).isEqualTo(Duration.ofMinutes(10));
    assertThat(spec.task().resources().mem()).isEqualTo(512.0);
  }

  @Test
  void roundTripsThroughJsonUnchanged() {
    JobSpec spec = JobSpecReader.fromYaml(FULL);
    String json = Json.write(spec);

    assertThat(JobSpecReader.fromJson(json)).isEqualTo(spec);
    assertThat(json).contains("\"trigger\":\"all_success\"").contains("\"timeout\":\"PT2H\"");
  }

  @Test
  void aSimpleSpecRoundTripsThroughJson() {
    JobSpec spec =
        JobSpecReader.fromYaml(
            "name: v\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'echo 2'}\n");
    assertThat(JobSpecReader.fromJson(Json.write(spec))).isEqualTo(spec);
  }

  @Test
  void namesTheFieldOfATypeError() {
    assertThatThrownBy(() -> JobSpecReader.fromYaml("name: x\nretries: {max: lots}\n"))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).errors())
                    .extracting(FieldError::field)
                    .containsExactly("retries.max"));
  }

  @Test
  void rejectsUnknownFieldsByPath() {
    assertThatThrownBy(() -> JobSpecReader.fromYaml("name: x\ntask: {comand: true}\n"))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e ->
                assertThat(((ValidationException) e).errors())
                    .containsExactly(new FieldError("task.comand", "unknown field 'comand'")));
  }

  @Test
  void badDurationAndEnumNameTheirField() {
    assertThatThrownBy(() -> JobSpecReader.fromJson("{\"name\":\"x\",\"timeout\":\"2 hours\"}"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> JobSpecReader.fromJson("{\"name\":\"x\",\"trigger\":\"sometimes\"}"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("trigger")
        .hasMessageContaining("all_success");
  }

  @Test
  void malformedInputIsReportedOnTheBody() {
    assertThatThrownBy(() -> JobSpecReader.fromJson("{\"name\": "))
        .isInstanceOf(ValidationException.class)
        .satisfies(
            e -> assertThat(((ValidationException) e).errors().get(0).field()).isEqualTo("body"));
  }
}
