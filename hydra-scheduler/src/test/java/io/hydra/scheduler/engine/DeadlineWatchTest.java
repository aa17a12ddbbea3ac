package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.pipeline.DeadlineWatch;
import io.hydra.store.alert.DeadlineAlert;
import io.hydra.store.run.Run;
import io.hydra.store.testing.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * extract -> transform -> load, load due 3 h after its logical time; history says the three take 2
 * h, 1 h and 30 min.
 */
class DeadlineWatchTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  private void pipeline() {
    define("name: extract\ntask: {command: 'true'}\n");
    define("name: transform\nafter: [extract]\ntask: {command: 'true'}\n");
    define("name: load\nafter: [transform]\ndeadline: PT3H\ntask: {command: 'true'}\n");
    history("extract", 120);
    history("transform", 60);
    history("load", 30);
  }

  /** Five earlier days of history: each run of {@code job} took {@code minutes}. */
  private void history(String job, int minutes) {
    RunHistory.daily(store, job, T, 5, Duration.ofMinutes(minutes));
  }

  private DeadlineWatch watch() {
    return new DeadlineWatch(store, engine.catalog()::graph, clock, () -> true);
  }

  private List<DeadlineAlert> alerts() {
    return store.read(tx -> tx.deadlineAlerts().of("load", T));
  }

  @Test
  void atRiskIsRaisedWhileTheFirstUpstreamStillRunsAndOnlyOnceAcrossLeaders() {
    pipeline();
    launcher.hang("extract");
    Run extract = runs.trigger("extract", T, Map.of()).run();
    awaitState(extract.id(), RunState.RUNNING);

    DeadlineWatch first = watch();
    assertThat(first.check()).isEqualTo(1);
    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(DeadlineAlert.AT_RISK);
              assertThat(a.runId()).as("load has no run yet").isNull();
              assertThat(a.deadline()).isEqualTo(T.plus(Duration.ofHours(3)));
              assertThat(a.eta()).isAfter(a.deadline());
              assertThat(a.reason()).startsWith("predicted to succeed at ");
            });
    assertThat(first.raised(DeadlineAlert.AT_RISK)).isEqualTo(1);

    assertThat(first.check()).as("raised once").isZero();
    assertThat(watch().check()).as("a new leader raises it no more").isZero();
    assertThat(alerts()).hasSize(1);
  }

  @Test
  void missedIsRaisedOnceTheDeadlinePassesUnmet() {
    pipeline();
    launcher.hang("extract");
    Run extract = runs.trigger("extract", T, Map.of()).run();
    awaitState(extract.id(), RunState.RUNNING);
    clock.set(T.plus(Duration.ofHours(3)).plusSeconds(1));

    DeadlineWatch w = watch();
    w.check();

    assertThat(alerts()).extracting(DeadlineAlert::kind).containsExactly(DeadlineAlert.MISSED);
    assertThat(alerts().get(0).reason()).isEqualTo("missed its deadline: it has no run yet");
    assertThat(w.check()).isZero();
  }

  @Test
  void aPipelineOnTimeRaisesNothingAndARunThatSucceededLateRaisesMissed() {
    pipeline();
    launcher.hang("load");
    runs.trigger("extract", T, Map.of());
    Run load = awaitState("load", T, RunState.RUNNING);
    assertThat(watch().check()).as("load started at 10:30: due 11:00, deadline 13:00").isZero();

    clock.set(T.plus(Duration.ofHours(4)));
    launcher.finishRunning("load", TaskState.SUCCEEDED, 0);
    awaitState(load.id(), RunState.SUCCEEDED);
    watch().check();

    assertThat(alerts()).extracting(DeadlineAlert::kind).containsExactly(DeadlineAlert.MISSED);
    assertThat(alerts().get(0).runId()).isEqualTo(load.id());
  }

  @Test
  void aDayACalendarLeavesOutRaisesNoDeadlineAlertDownThePipeline() {
    new CalendarService(store, engine)
        .put("holidays", new CalendarSpec(null, null, List.of(LocalDate.of(2026, 3, 3))));
    define(
        "name: extract\nschedule: {cron: '0 10 * * *', calendar: holidays}\n"
            + "task: {command: 'true'}\n");
    define("name: load\nafter: [extract]\ndeadline: PT3H\ntask: {command: 'true'}\n");
    Instant holiday = Instant.parse("2026-03-03T10:00:00Z");
    advanceTo(holiday.plusSeconds(1));
    awaitState("load", holiday, RunState.SKIPPED);

    clock.set(holiday.plus(Duration.ofHours(4)));

    assertThat(watch().check()).isZero();
    List<DeadlineAlert> raised = store.read(tx -> tx.deadlineAlerts().of("load", holiday));
    assertThat(raised).isEmpty();
  }

  @Test
  void withoutDeadlinesNothingIsChecked() {
    define("name: plain\ntask: {command: 'true'}\n");
    assertThat(watch().check()).isZero();
  }
}
