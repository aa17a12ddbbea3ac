package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import io.hydra.core.job.DstPolicy.Gap;
import io.hydra.core.job.DstPolicy.Overlap;
import io.hydra.core.job.ScheduleSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static CronSchedule unix(String expr, ZoneId zone) {
    return CronSchedule.parse(expr, CronDialect.UNIX, zone);
  }

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void unixExpressionFiresStrictlyAfterTheGivenInstant() {
    CronSchedule every15 = unix("*/15 * * * *", ZoneOffset.UTC);
    assertThat(every15.nextAfter(t("2026-01-01T10:00:00Z"))).contains(t("2026-01-01T10:15:00Z"));
    assertThat(every15.nextAfter(t("2026-01-01T10:07:30Z"))).contains(t("2026-01-01T10:15:00Z"));
  }

  @Test
  void namesRangesAndMacrosAreUnderstood() {
    CronSchedule weekdays = unix("30 9 * JAN-MAR MON-FRI", ZoneOffset.UTC);
    // 2026-01-03 is a Saturday: the next weekday is Monday the 5th.
    assertThat(weekdays.nextAfter(t("2026-01-02T10:00:00Z"))).contains(t("2026-01-05T09:30:00Z"));
    assertThat(unix("@daily", ZoneOffset.UTC).nextAfter(t("2026-01-01T10:00:00Z")))
        .contains(t("2026-01-02T00:00:00Z"));
    assertThat(unix("@hourly", ZoneOffset.UTC).nextAfter(t("2026-01-01T10:00:00Z")))
        .contains(t("2026-01-01T11:00:00Z"));
    assertThat(unix("@weekly", ZoneOffset.UTC).nextAfter(t("2026-01-01T10:00:00Z")))
        .contains(t("2026-01-04T00:00:00Z"));
    assertThat(unix("@yearly", ZoneOffset.UTC).nextAfter(t("2026-01-01T10:00:00Z")))
        .contains(t("2027-01-01T00:00:00Z"));
  }

  @Test
  void dailyScheduleIsReadInTheJobsZone() {
    CronSchedule twoAm = unix("0 2 * * *", BERLIN);
    // Winter: Berlin is UTC+1.
    assertThat(twoAm.nextAfter(t("2026-01-10T12:00:00Z"))).contains(t("2026-01-11T01:00:00Z"));
    // Summer: UTC+2.
    assertThat(twoAm.nextAfter(t("2026-07-10T12:00:00Z"))).contains(t("2026-07-11T00:00:00Z"));
  }

  @Test
  void quartzDialectHasSecondsAndSpecialCharacters() {
    CronSchedule lastFriday =
        CronSchedule.parse("0 0 18 ? * 6L", CronDialect.QUARTZ, ZoneOffset.UTC);
    assertThat(lastFriday.nextAfter(t("2026-01-01T00:00:00Z"))).contains(t("2026-01-30T18:00:00Z"));
    CronSchedule everyTwoSeconds =
        CronSchedule.parse("*/2 * * * * ?", CronDialect.QUARTZ, ZoneOffset.UTC);
    assertThat(everyTwoSeconds.nextAfter(t("2026-01-01T00:00:01Z")))
        .contains(t("2026-01-01T00:00:02Z"));
  }

  @Test
  void dialectMismatchSaysWhichDialectFits() {
    assertThatThrownBy(() -> unix("0 0 18 ? * 6L", ZoneOffset.UTC))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .singleElement()
                    .satisfies(
                        err -> {
                          assertThat(err.field()).isEqualTo("schedule.cron");
                          assertThat(err.message())
                              .contains("valid Quartz")
                              .contains("dialect: quartz");
                        }));
    assertThatThrownBy(() -> CronSchedule.parse("0 2 * * *", CronDialect.QUARTZ, ZoneOffset.UTC))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors().get(0).message()).contains("valid Unix"));
  }

  @Test
  void garbageNamesTheFieldAndTheExpectedShape() {
    assertThatThrownBy(() -> unix("61 * * * *", ZoneOffset.UTC))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("schedule.cron"));
    assertThatThrownBy(() -> unix("every day", ZoneOffset.UTC)).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> unix("@reboot", ZoneOffset.UTC)).hasMessageContaining("schedule.cron");
  }

  @Test
  void unknownZoneNamesTheTimezoneField() {
    ScheduleSpec spec = new ScheduleSpec("0 2 * * *", null, "Mars/Olympus", null, null, null);
    assertThatThrownBy(() -> CronSchedule.parse(spec))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("schedule.timezone"));
  }

  @Test
  void gapShiftFiresOnceAtTheEndOfTheGap() {
    // 2026-03-29: Berlin skips from 02:00 CET to 03:00 CEST (01:00Z).
    CronSchedule twoThirty = unix("30 2 * * *", BERLIN);
    assertThat(twoThirty.nextAfter(t("2026-03-28T12:00:00Z"))).contains(t("2026-03-29T01:00:00Z"));
    assertThat(twoThirty.nextAfter(t("2026-03-29T01:00:00Z"))).contains(t("2026-03-30T00:30:00Z"));
  }

  @Test
  void severalTimesInOneGapShiftToOneFire() {
    CronSchedule twice = unix("0,30 2 * * *", BERLIN);
    assertThat(twice.firesBetween(t("2026-03-28T23:00:00Z"), t("2026-03-29T22:00:00Z"), 10))
        .containsExactly(t("2026-03-29T01:00:00Z"));
  }

  @Test
  void gapSkipDoesNotFire() {
    CronSchedule skip =
        CronSchedule.parse(
            "30 2 * * *", CronDialect.UNIX, BERLIN, new DstPolicy(Gap.SKIP, Overlap.FIRST));
    assertThat(skip.nextAfter(t("2026-03-28T12:00:00Z"))).contains(t("2026-03-30T00:30:00Z"));
  }

  @Test
  void overlapPoliciesPickFirstLastOrBoth() {
    // 2026-10-25: Berlin repeats 02:00-03:00, first as CEST (00:xxZ), then CET (01:xxZ).
    Instant before = t("2026-10-24T12:00:00Z");
    Instant dayAfter = t("2026-10-25T22:00:00Z");
    assertThat(dstSchedule(Overlap.FIRST).firesBetween(before, dayAfter, 10))
        .containsExactly(t("2026-10-25T00:30:00Z"));
    assertThat(dstSchedule(Overlap.LAST).firesBetween(before, dayAfter, 10))
        .containsExactly(t("2026-10-25T01:30:00Z"));
    assertThat(dstSchedule(Overlap.BOTH).firesBetween(before, dayAfter, 10))
        .containsExactly(t("2026-10-25T00:30:00Z"), t("2026-10-25T01:30:00Z"));
  }

  private static CronSchedule dstSchedule(Overlap overlap) {
    return CronSchedule.parse(
        "30 2 * * *", CronDialect.UNIX, BERLIN, new DstPolicy(Gap.SHIFT, overlap));
  }

  @Test
  void bothOrderBlocksOfFiresInTheRepeatedHour() {
    CronSchedule twice =
        CronSchedule.parse(
            "0,30 2 * * *", CronDialect.UNIX, BERLIN, new DstPolicy(Gap.SHIFT, Overlap.BOTH));
    assertThat(twice.firesBetween(t("2026-10-24T12:00:00Z"), t("2026-10-25T22:00:00Z"), 10))
        .containsExactly(
            t("2026-10-25T00:00:00Z"),
            t("2026-10-25T00:30:00Z"),
            t("2026-10-25T01:00:00Z"),
            t("2026-10-25T01:30:00Z"));
  }

  @Test
  void hourlyExpressionFiresAtEveryRealHour() {
    CronSchedule hourly = unix("0 * * * *", BERLIN);
    // Fall back: the local hour 02:00 happens twice, so both fire, one real hour apart.
    List<Instant> fall =
        hourly.firesBetween(t("2026-10-24T23:30:00Z"), t("2026-10-25T02:30:00Z"), 10);
    assertThat(fall)
        .containsExactly(
            t("2026-10-25T00:00:00Z"), t("2026-10-25T01:00:00Z"), t("2026-10-25T02:00:00Z"));
    // Spring forward: local 02:00 does not exist and is not shifted onto 03:00.
    List<Instant> spring =
        hourly.firesBetween(t("2026-03-28T23:30:00Z"), t("2026-03-29T02:30:00Z"), 10);
    assertThat(spring)
        .containsExactly(
            t("2026-03-29T00:00:00Z"), t("2026-03-29T01:00:00Z"), t("2026-03-29T02:00:00Z"));
  }

  @Test
  void nextAfterAnInstantInsideTheOverlapContinuesCorrectly() {
    CronSchedule quarter = unix("*/30 * * * *", BERLIN);
    // 00:45Z is the first 02:45 local; next real fire is the second 02:00 local, 01:00Z.
    assertThat(quarter.nextAfter(t("2026-10-25T00:45:00Z"))).contains(t("2026-10-25T01:00:00Z"));
    assertThat(quarter.nextAfter(t("2026-10-25T01:00:00Z"))).contains(t("2026-10-25T01:30:00Z"));
  }

  @Test
  void firesBetweenRespectsTheLimitAndTheBounds() {
    CronSchedule minutely = unix("* * * * *", ZoneOffset.UTC);
    assertThat(minutely.firesBetween(t("2026-01-01T00:00:00Z"), t("2026-01-01T00:05:00Z"), 100))
        .hasSize(5)
        .endsWith(t("2026-01-01T00:05:00Z"));
    assertThat(minutely.firesBetween(t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z"), 3))
        .hasSize(3);
  }

  @Test
  void anExpressionThatNeverFiresAgainIsEmpty() {
    CronSchedule once = CronSchedule.parse("0 0 0 1 1 ? 2020", CronDialect.QUARTZ, ZoneOffset.UTC);
    assertThat(once.nextAfter(t("2026-01-01T00:00:00Z"))).isEmpty();
  }
}
