package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an idle or busy loop reads and how long it sleeps (issue 23): an idle loop sleeps a quiet
 * poll unless something is due, and a loop woken only by runs ending does not read the timer rows
 * again on every pass. Each pass's transactions follow from these decisions, so the decisions are
 * what is tested, with no waiting.
 */
class LoopSignalsTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:30:00Z");
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration QUIET = Duration.ofSeconds(30);

  private final SettableClock clock = new SettableClock(NOW);
  private final AtomicInteger timerReads = new AtomicInteger();
  private Optional<Instant> timerRow = Optional.empty();
  private final Supplier<Optional<Instant>> timers =
      () -> {
        timerReads.incrementAndGet();
        return timerRow;
      };
  private final Supplier<Optional<Instant>> noFire = Optional::empty;
  private LoopSignals signals;

  @BeforeEach
  void setUp() {
    signals = new LoopSignals(clock, IDLE, QUIET);
  }

  @Test
  void anIdleLoopWithNothingDueSleepsAQuietPoll() {
    assertThat(signals.plannedWait(noFire, timers)).isEqualTo(QUIET);
    signals.housekeepingDone();
    assertThat(signals.plannedWait(noFire, timers)).isEqualTo(QUIET);
  }

  @Test
  void aDueFireOrTimerShortensTheSleep() {
    assertThat(signals.plannedWait(() -> Optional.of(NOW.plusSeconds(7)), timers))
        .isEqualTo(Duration.ofSeconds(7));
    timerRow = Optional.of(NOW.plusSeconds(3));
    signals.forceAll();
    assertThat(signals.plannedWait(noFire, timers)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aFailedStepIsTriedAgainAfterAnIdlePollNotAQuietOne() {
    signals.stepFailed();
    assertThat(signals.plannedWait(noFire, timers)).isEqualTo(IDLE);
    assertThat(signals.housekeepingDue()).isTrue();
    signals.housekeepingDone();
    assertThat(signals.plannedWait(noFire, timers)).isEqualTo(QUIET);
  }

  @Test
  void runsEndingDoNotMakeTheLoopReadTheTimersAgainButAWakeDoes() {
    signals.plannedWait(noFire, timers);
    assertThat(timerReads).hasValue(1);

    signals.runsEnded();
    signals.takeTokens();
    Duration wait = signals.plannedWait(noFire, timers);
    assertThat(timerReads).as("runs ending change no timer row it must see now").hasValue(1);
    // What it started meanwhile may have deadlines: it reads again within an idle poll.
    assertThat(wait).isLessThanOrEqualTo(IDLE);

    signals.wake();
    signals.takeTokens();
    signals.plannedWait(noFire, timers);
    assertThat(timerReads).as("a wake may have written timer rows").hasValue(2);
  }
}
