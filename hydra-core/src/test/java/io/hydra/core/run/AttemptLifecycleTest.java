package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the attempt table ({@link AttemptLifecycle}), written out: a change to any cell, or
 * a new state or event, fails here.
 */
class AttemptLifecycleTest {

  /**
   * state, event, then "kill" (state unchanged, the task is asked to stop), "ignored" and why, or:
   * target and the outcome its run is told ("-" while the attempt has not ended).
   */
  private static final String ATTEMPTS =
      """
      launching  reported_running      running    -
      launching  reported_succeeded    succeeded  succeeded
      launching  reported_failed       failed     failed
      launching  reported_killed       killed     killed
      launching  timed_out             failed     timed_out
      launching  reported_lost         lost       lost
      launching  reported_not_started  lost       not_started
      launching  kill_requested        kill
      launching  deadline_passed       kill

      running    reported_running      ignored    duplicate
      running    reported_succeeded    succeeded  succeeded
      running    reported_failed       failed     failed
      running    reported_killed       killed     killed
      running    timed_out             failed     timed_out
      running    reported_lost         lost       lost
      running    reported_not_started  lost       lost
      running    kill_requested        kill
      running    deadline_passed       kill

      succeeded  reported_running      ignored    stale
      succeeded  reported_succeeded    ignored    duplicate
      succeeded  reported_failed       ignored    stale
      succeeded  reported_killed       ignored    stale
      succeeded  timed_out             ignored    stale
      succeeded  reported_lost         ignored    stale
      succeeded  reported_not_started  ignored    stale
      succeeded  kill_requested        ignored    stale
      succeeded  deadline_passed       ignored    stale

      failed     reported_running      ignored    stale
      failed     reported_succeeded    ignored    stale
      failed     reported_failed       ignored    duplicate
      failed     reported_killed       ignored    stale
      failed     timed_out             ignored    duplicate
      failed     reported_lost         ignored    stale
      failed     reported_not_started  ignored    stale
      failed     kill_requested        ignored    stale
      failed     deadline_passed       ignored    stale

      killed     reported_running      ignored    stale
      killed     reported_succeeded    ignored    stale
      killed     reported_failed       ignored    stale
      killed     reported_killed       ignored    duplicate
      killed     timed_out             ignored    stale
      killed     reported_lost         ignored    stale
      killed     reported_not_started  ignored    stale
      killed     kill_requested        ignored    stale
      killed     deadline_passed       ignored    stale

      lost       reported_running      ignored    stale
      lost       reported_succeeded    ignored    stale
      lost       reported_failed       ignored    stale
      lost       reported_killed       ignored    stale
      lost       timed_out             ignored    stale
      lost       reported_lost         ignored    duplicate
      lost       reported_not_started  ignored    duplicate
      lost       kill_requested        ignored    stale
      lost       deadline_passed       ignored    stale
      """;

  static Stream<String> attemptCells() {
    return RunTableTest.rows(ATTEMPTS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attemptCells")
  void everyAttemptCell(String row) {
    String[] c = row.split("\\s+");
    AttemptState from = AttemptState.fromWire(c[0]);
    AttemptEvent event = AttemptEvent.valueOf(c[1].toUpperCase());
    AttemptLifecycle.Step expected =
        switch (c[2]) {
          case "kill" -> new AttemptLifecycle.Step.RequestsKill();
          case "ignored" ->
              new AttemptLifecycle.Step.Ignored(AttemptLifecycle.Why.valueOf(c[3].toUpperCase()));
          default ->
              new AttemptLifecycle.Step.Moves(
                  AttemptState.fromWire(c[2]),
                  c[3].equals("-") ? null : AttemptOutcome.valueOf(c[3].toUpperCase()));
        };

    assertThat(AttemptLifecycle.step(from, event)).isEqualTo(expected);
  }

  @Test
  void theListCoversEveryStateAndEventOnce() {
    Set<String> listed = RunTableTest.keys(ATTEMPTS);
    assertThat(listed).hasSize(AttemptState.values().length * AttemptEvent.values().length);
    for (AttemptState s : AttemptState.values()) {
      for (AttemptEvent e : AttemptEvent.values()) {
        assertThat(listed).contains(s.wireName() + " " + e.wireName());
      }
    }
  }

  @Test
  void attemptsAreCreatedLaunching() {
    assertThat(AttemptLifecycle.CREATED_IN).isEqualTo(AttemptState.LAUNCHING);
  }
}
