package io.hydra.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random zones, expressions and DST policies, each checked against a minute-by-minute oracle
 * written straight from docs/scheduling.md (Time zones and DST), over a window around one of the
 * zone's real offset transitions.
 */
class CronSchedulePropertiesTest {

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final List<String> MINUTES =
      List.of("*", "*/15", "0", "30", "0,30", "45", "15-20", "*/20");
  private static final List<String> HOURS = List.of("*", "2", "1", "0-3", "*/2", "1,2,3", "3", "0");
  private static final Set<String> EVERY_HOUR = Set.of("*");

  record Case(ZoneId zone, String minute, String hour, DstPolicy dst, Instant from) {
    String cron() {
      return minute + " " + hour + " * * *";
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    List<ZoneId> zones =
        ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
            .sorted()
            .map(ZoneId::of)
            .filter(z -> z.getRules().nextTransition(Instant.parse("2020-01-01T00:00:00Z")) != null)
            .toList();
    return Combinators.combine(
            Arbitraries.of(zones),
            Arbitraries.of(MINUTES),
            Arbitraries.of(HOURS),
            Arbitraries.of(DstPolicy.Gap.values()),
            Arbitraries.of(DstPolicy.Overlap.values()),
            Arbitraries.longs().between(0, 10L * 365 * 24 * 3600),
            Arbitraries.integers().between(0, 12 * 60))
        .as(
            (zone, minute, hour, gap, overlap, offset, before) -> {
              Instant seed = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(offset);
              ZoneOffsetTransition next = zone.getRules().nextTransition(seed);
              Instant near = next == null ? seed : next.getInstant();
              Instant from =
                  near.minus(Duration.ofMinutes(before)).minusSeconds(near.getEpochSecond() % 60);
              return new Case(zone, minute, hour, new DstPolicy(gap, overlap), from);
            });
  }

  @Property(tries = 300)
  void firesStrictlyIncreaseAndMatchTheOracle(@ForAll("cases") Case c) {
    CronSchedule schedule = CronSchedule.parse(c.cron(), CronDialect.UNIX, c.zone(), c.dst());
    Instant to = c.from().plus(Duration.ofHours(26));

    List<Instant> fires = schedule.firesBetween(c.from(), to, 10_000);

    for (int i = 1; i < fires.size(); i++) {
      assertThat(fires.get(i)).as("fire %d of %s", i, c).isAfter(fires.get(i - 1));
    }
    assertThat(fires).as("fires of %s", c).containsExactlyElementsOf(oracle(c, to));
  }

  /** Every minute in (from, to], fired or not according to the words of docs/scheduling.md. */
  private static List<Instant> oracle(Case c, Instant to) {
    ExecutionTime wall = ExecutionTime.forCron(UNIX.parse(c.cron()));
    boolean everyHour = EVERY_HOUR.contains(c.hour());
    var rules = c.zone().getRules();
    List<Instant> out = new ArrayList<>();
    for (Instant m = c.from().plusSeconds(60); !m.isAfter(to); m = m.plusSeconds(60)) {
      LocalDateTime local = LocalDateTime.ofInstant(m, c.zone());
      boolean fires = false;
      if (wall.isMatch(local.atZone(ZoneOffset.UTC))) {
        ZoneOffsetTransition t = rules.getTransition(local);
        if (t == null) {
          fires = true;
        } else {
          boolean first = rules.getOffset(m).equals(t.getOffsetBefore());
          fires =
              everyHour
                  || c.dst().overlap() == DstPolicy.Overlap.BOTH
                  || (first
                      ? c.dst().overlap() == DstPolicy.Overlap.FIRST
                      : c.dst().overlap() == DstPolicy.Overlap.LAST);
        }
      }
      ZoneOffsetTransition gap = rules.previousTransition(m.plusNanos(1));
      if (!fires
          && gap != null
          && gap.isGap()
          && gap.getInstant().equals(m)
          && !everyHour
          && c.dst().gap() == DstPolicy.Gap.SHIFT) {
        fires = anyMatchIn(wall, gap.getDateTimeBefore(), gap.getDateTimeAfter());
      }
      if (fires) {
        out.add(m);
      }
    }
    return out;
  }

  private static boolean anyMatchIn(ExecutionTime wall, LocalDateTime from, LocalDateTime until) {
    for (LocalDateTime t = from; t.isBefore(until); t = t.plusMinutes(1)) {
      if (wall.isMatch(t.atZone(ZoneOffset.UTC))) {
        return true;
      }
    }
    return false;
  }
}
