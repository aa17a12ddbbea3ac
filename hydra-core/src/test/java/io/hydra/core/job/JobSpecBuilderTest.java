package io.hydra.core.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.testing.Specs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecBuilderTest {

  private static final ScheduleSpec NINE =
      new ScheduleSpec("0 9 * * *", null, "Europe/Paris", null, null, null);
  private static final ScheduleSpec FIVE =
      new ScheduleSpec("0 17 * * *", null, null, null, null, null);

  // Every component set, none to its default, so a component the builder forgot to copy shows.
  private static JobSpec full(List<ScheduleSpec> schedules) {
    return new JobSpec(
        "report",
        "team",
        "the daily report",
        Map.of("tier", "gold"),
        null,
        List.of(UpstreamRef.sameTime("load"), new UpstreamRef("fx", Duration.ofHours(1))),
        TriggerRule.ALL_DONE,
        ConcurrencyPolicy.QUEUE,
        new RetryPolicy(3, Duration.ofMinutes(1), 2.0, Duration.ofMinutes(10)),
        Duration.ofMinutes(30),
        true,
        Specs.command("make report"),
        List.of(new NotifySpec(List.of("failed"), "https://hooks.example/x", null)),
        Duration.ofHours(6),
        7,
        new PipelinePolicy(new RetryPolicy(1, null, null, null)),
        schedules);
  }

  @Test
  void aRoundTripThroughTheBuilderGivesAnEqualSpec() {
    for (JobSpec spec :
        List.of(
            full(List.of(NINE, FIVE)),
            full(List.of(NINE)),
            full(null),
            JobSpec.builder("bare").build())) {
      assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }
    JobSpec two = full(List.of(NINE, FIVE)).toBuilder().build();
    assertThat(two.schedule()).isEqualTo(NINE);
    assertThat(two.schedules()).containsExactly(NINE, FIVE);
  }

  @Test
  void aBuilderWithANameAndATaskLeavesTheRestUnset() {
    JobSpec spec = JobSpec.builder("adhoc").task(Specs.command("true")).build();

    assertThat(spec)
        .isEqualTo(
            new JobSpec(
                "adhoc",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Specs.command("true"),
                null,
                null,
                null,
                null,
                null));
    assertThat(spec.schedule()).isNull();
    assertThat(spec.schedules()).isNull();
  }

  @Test
  void theLastOfScheduleAndSchedulesWins() {
    JobSpec one = full(List.of(NINE, FIVE)).toBuilder().schedule(FIVE).build();
    assertThat(one.schedules()).containsExactly(FIVE);
    assertThat(one.schedule()).isEqualTo(FIVE);

    JobSpec none = full(List.of(NINE, FIVE)).toBuilder().schedule(null).build();
    assertThat(none.schedule()).isNull();
    assertThat(none.schedules()).isNull();

    JobSpec list = JobSpec.builder("j").schedule(NINE).schedules(List.of(FIVE, NINE)).build();
    assertThat(list.schedule()).isEqualTo(FIVE);
    assertThat(list.schedules()).containsExactly(FIVE, NINE);
  }

  @Test
  void settersReplaceOnlyTheirComponent() {
    JobSpec spec = full(List.of(NINE));
    JobSpec renamed = spec.toBuilder().name("report-v2").build();

    assertThat(renamed.name()).isEqualTo("report-v2");
    assertThat(renamed.toBuilder().name(spec.name()).build()).isEqualTo(spec);
    assertThat(spec.withPaused(false).paused()).isFalse();
    assertThat(spec.withPaused(false).withPaused(true)).isEqualTo(spec);
  }
}
