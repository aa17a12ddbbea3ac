package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulePreviewTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void firesAreShownWithTheZonesOffsetAndDstEdgesAreNoted() {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", CronDialect.UNIX, NEW_YORK);
    List<SchedulePreview.Fire> fires =
        SchedulePreview.next(daily, Instant.parse("2026-03-07T12:00:00Z"), 2);

    assertThat(fires)
        .extracting(f -> f.local().toString())
        .containsExactly("2026-03-08T03:00-04:00", "2026-03-09T02:30-04:00");
    assertThat(fires.get(0).utc()).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
    assertThat(fires.get(0).dst()).contains("shifted");
    assertThat(fires.get(1).dst()).isNull();
  }

  @Test
  void repeatedTimesSayWhichOccurrence() {
    CronSchedule both =
        CronSchedule.parse(
            "30 1 * * *",
            CronDialect.UNIX,
            NEW_YORK,
            new DstPolicy(DstPolicy.Gap.SHIFT, DstPolicy.Overlap.BOTH));
    List<SchedulePreview.Fire> fires =
        SchedulePreview.next(both, Instant.parse("2026-10-31T12:00:00Z"), 2);

    assertThat(fires)
        .extracting(SchedulePreview.Fire::dst)
        .containsExactly(
            "first occurrence of a wall-clock time repeated by a DST change",
            "second occurrence of a wall-clock time repeated by a DST change");
  }

  @Test
  void aFireExactlyAtTheEndOfAGapThatMatchesIsNotCalledShifted() {
    CronSchedule three = CronSchedule.parse("0 3 * * *", CronDialect.UNIX, NEW_YORK);
    assertThat(SchedulePreview.next(three, Instant.parse("2026-03-07T12:00:00Z"), 1).get(0).dst())
        .isNull();
  }

  @Test
  void countIsCapped() {
    CronSchedule minutely = CronSchedule.parse("* * * * *", CronDialect.UNIX, NEW_YORK);
    assertThat(SchedulePreview.next(minutely, Instant.EPOCH, 5000))
        .hasSize(SchedulePreview.MAX_COUNT);
  }
}
