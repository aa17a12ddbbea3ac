package io.hydra.web.ui;

import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bars of run durations, oldest on the left, scaled to the longest, for an inline SVG. Computed
 * here so the page needs no charting script.
 */
public final class DurationChart {

  static final int WIDTH = 600;
  static final int HEIGHT = 120;

  /** One bar, with its run for the link and a label for screen readers and tooltips. */
  public record Bar(int x, int y, int width, int height, String state, long runId, String label) {}

  /** The chart: bars and the longest duration (the top of the scale), in words. */
  public record Chart(List<Bar> bars, String max, int width, int height) {}

  private DurationChart() {}

  static Chart of(List<Run> runs, Instant now) {
    List<Run> started =
        runs.stream()
            .filter(r -> r.startedAt() != null)
            .sorted(Comparator.comparing(Run::logicalTime))
            .toList();
    long longest = started.stream().mapToLong(r -> millis(r, now)).max().orElse(1);
    List<Bar> bars = new ArrayList<>();
    // At most 24 px a bar, so one run is a bar, not a wall.
    int slot = Math.max(4, Math.min(24, WIDTH / Math.max(started.size(), 1)));
    for (int i = 0; i < started.size(); i++) {
      Run run = started.get(i);
      long ms = millis(run, now);
      int h = Math.max(2, (int) (ms * (HEIGHT - 10) / Math.max(longest, 1)));
      bars.add(
          new Bar(
              i * slot + 1,
              HEIGHT - h,
              Math.max(2, slot - 2),
              h,
              run.state().wireName(),
              run.id(),
              "run "
                  + run.id()
                  + " ("
                  + Fmt.utc(run.logicalTime())
                  + "): "
                  + Fmt.duration(run.startedAt(), run.endedAt())
                  + ", "
                  + run.state().wireName()));
    }
    return new Chart(
        bars, Fmt.duration(Instant.EPOCH, Instant.EPOCH.plusMillis(longest)), WIDTH, HEIGHT);
  }

  private static long millis(Run run, Instant now) {
    return Math.max(
        1,
        Duration.between(run.startedAt(), run.endedAt() == null ? now : run.endedAt()).toMillis());
  }
}
