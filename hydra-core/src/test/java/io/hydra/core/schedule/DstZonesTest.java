package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import io.hydra.core.job.DstPolicy.Gap;
import io.hydra.core.job.DstPolicy.Overlap;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The DST rules of docs/scheduling.md in three zones, on both transitions of 2026: New York (1
 * hour, 02:00 local), Berlin (1 hour, 02:00/03:00 local) and Lord Howe (30 minutes at 02:00 local).
 * Each row: zone, expression, gap and overlap policy, a window, and every fire expected in it.
 */
class DstZonesTest {

  @ParameterizedTest(name = "{0} {1} gap={2} overlap={3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # New York spring forward, 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z)
      America/New_York | 30 2 * * *   | SHIFT | FIRST | 2026-03-07T12:00Z | 2026-03-09T12:00Z | 2026-03-08T07:00:00Z 2026-03-09T06:30:00Z
      America/New_York | 30 2 * * *   | SKIP  | FIRST | 2026-03-07T12:00Z | 2026-03-09T12:00Z | 2026-03-09T06:30:00Z
      America/New_York | 0 3 * * *    | SKIP  | FIRST | 2026-03-07T12:00Z | 2026-03-08T12:00Z | 2026-03-08T07:00:00Z
      America/New_York | */15 * * * * | SHIFT | FIRST | 2026-03-08T06:40Z | 2026-03-08T07:20Z | 2026-03-08T06:45:00Z 2026-03-08T07:00:00Z 2026-03-08T07:15:00Z
      America/New_York | 0 * * * *    | SHIFT | FIRST | 2026-03-08T05:30Z | 2026-03-08T08:30Z | 2026-03-08T06:00:00Z 2026-03-08T07:00:00Z 2026-03-08T08:00:00Z
      # New York fall back, 2026-11-01 02:00 EDT -> 01:00 EST: 01:00-02:00 happens twice
      America/New_York | 30 1 * * *   | SHIFT | FIRST | 2026-10-31T12:00Z | 2026-11-01T12:00Z | 2026-11-01T05:30:00Z
      America/New_York | 30 1 * * *   | SHIFT | LAST  | 2026-10-31T12:00Z | 2026-11-01T12:00Z | 2026-11-01T06:30:00Z
      America/New_York | 30 1 * * *   | SHIFT | BOTH  | 2026-10-31T12:00Z | 2026-11-01T12:00Z | 2026-11-01T05:30:00Z 2026-11-01T06:30:00Z
      America/New_York | */15 * * * * | SHIFT | FIRST | 2026-11-01T05:40Z | 2026-11-01T06:20Z | 2026-11-01T05:45:00Z 2026-11-01T06:00:00Z 2026-11-01T06:15:00Z
      America/New_York | 0 * * * *    | SHIFT | LAST  | 2026-11-01T04:30Z | 2026-11-01T07:30Z | 2026-11-01T05:00:00Z 2026-11-01T06:00:00Z 2026-11-01T07:00:00Z
      # Berlin, 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z), 2026-10-25 03:00 CEST -> 02:00 CET
      Europe/Berlin    | 0 2 * * *    | SHIFT | FIRST | 2026-03-28T12:00Z | 2026-03-29T12:00Z | 2026-03-29T01:00:00Z
      Europe/Berlin    | 0 2 * * *    | SKIP  | FIRST | 2026-03-28T12:00Z | 2026-03-29T12:00Z |
      Europe/Berlin    | 0 2 * * *    | SHIFT | BOTH  | 2026-10-24T12:00Z | 2026-10-25T12:00Z | 2026-10-25T00:00:00Z 2026-10-25T01:00:00Z
      Europe/Berlin    | 0 2 * * *    | SHIFT | LAST  | 2026-10-24T12:00Z | 2026-10-25T12:00Z | 2026-10-25T01:00:00Z
      # Lord Howe, 2026-10-04 02:00 +10:30 -> 02:30 +11:00 (2026-10-03T15:30Z): a 30-minute gap
      Australia/Lord_Howe | 15 2 * * *   | SHIFT | FIRST | 2026-10-03T00:00Z | 2026-10-04T00:00Z | 2026-10-03T15:30:00Z
      Australia/Lord_Howe | 15 2 * * *   | SKIP  | FIRST | 2026-10-03T00:00Z | 2026-10-04T00:00Z |
      Australia/Lord_Howe | 0 * * * *    | SHIFT | FIRST | 2026-10-03T14:00Z | 2026-10-03T17:00Z | 2026-10-03T14:30:00Z 2026-10-03T16:00:00Z 2026-10-03T17:00:00Z
      Australia/Lord_Howe | */15 * * * * | SHIFT | FIRST | 2026-10-03T15:10Z | 2026-10-03T15:50Z | 2026-10-03T15:15:00Z 2026-10-03T15:30:00Z 2026-10-03T15:45:00Z
      # Lord Howe, 2026-04-05 02:00 +11:00 -> 01:30 +10:30 (15:00Z): 01:30-02:00 happens twice
      Australia/Lord_Howe | 45 1 * * *   | SHIFT | FIRST | 2026-04-04T00:00Z | 2026-04-05T00:00Z | 2026-04-04T14:45:00Z
      Australia/Lord_Howe | 45 1 * * *   | SHIFT | LAST  | 2026-04-04T00:00Z | 2026-04-05T00:00Z | 2026-04-04T15:15:00Z
      Australia/Lord_Howe | 45 1 * * *   | SHIFT | BOTH  | 2026-04-04T00:00Z | 2026-04-05T00:00Z | 2026-04-04T14:45:00Z 2026-04-04T15:15:00Z
      Australia/Lord_Howe | */15 * * * * | SHIFT | FIRST | 2026-04-04T14:20Z | 2026-04-04T15:40Z | 2026-04-04T14:30:00Z 2026-04-04T14:45:00Z 2026-04-04T15:00:00Z 2026-04-04T15:15:00Z 2026-04-04T15:30:00Z
      """)
  void firesAsTheDesignSays(
      String zone, String cron, Gap gap, Overlap overlap, String from, String to, String expected) {
    CronSchedule schedule =
        CronSchedule.parse(cron, CronDialect.UNIX, ZoneId.of(zone), new DstPolicy(gap, overlap));
    List<Instant> fires = schedule.firesBetween(instant(from), instant(to), 100);
    List<Instant> want =
        expected == null || expected.isBlank()
            ? List.of()
            : java.util.Arrays.stream(expected.trim().split("\\s+")).map(Instant::parse).toList();
    assertThat(fires).containsExactlyElementsOf(want);
  }

  private static Instant instant(String minutePrecision) {
    return Instant.parse(minutePrecision.replace("Z", ":00Z"));
  }
}
