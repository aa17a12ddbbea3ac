package io.hydra.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.time.ExecutionTime;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import io.hydra.core.job.ScheduleSpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed cron expression read in a time zone, with the DST rules of docs/scheduling.md (Time
 * zones and DST).
 *
 * <p>Cron is evaluated on the wall clock (as if the zone had no DST), then each wall-clock fire
 * time is mapped to instants: once normally, per {@link DstPolicy} inside a gap or an overlap. An
 * expression whose hour field matches every hour fires at every real occurrence instead: in both
 * repeated hours, never inside a gap.
 */
public final class CronSchedule implements FireTimes {

  private final String expression;
  private final ExecutionTime wallClock;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final DstPolicy dst;
  private final boolean everyHour;

  private CronSchedule(String expression, Cron cron, ZoneId zone, DstPolicy dst) {
    this.expression = expression;
    this.wallClock = ExecutionTime.forCron(cron);
    this.zone = zone;
    this.rules = zone.getRules();
    this.dst = dst;
    this.everyHour = matchesEveryHour(cron.retrieve(CronFieldName.HOUR).getExpression());
  }

  /** Parses a schedule; errors name {@code schedule.cron} or {@code schedule.timezone}. */
  public static CronSchedule parse(ScheduleSpec spec) {
    ScheduleSpec s = spec.normalized();
    if (s.cron() == null || s.cron().isEmpty()) {
      throw ValidationException.of("schedule.cron", "is required when a schedule is given");
    }
    return parse(s.cron(), s.dialect(), zone(s.timezone()), s.dst());
  }

  public static CronSchedule parse(String expression, CronDialect dialect, ZoneId zone) {
    return parse(expression, dialect, zone, DstPolicy.DEFAULT);
  }

  public static CronSchedule parse(
      String expression, CronDialect dialect, ZoneId zone, DstPolicy dst) {
    Cron cron = CronDialects.parse(expression, dialect);
    return new CronSchedule(expression.trim(), cron, zone, dst);
  }

  /** Resolves an IANA zone name; the error names {@code schedule.timezone}. */
  public static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw ValidationException.of(
          "schedule.timezone", "'" + name + "' is not a known IANA time zone (e.g. Europe/Berlin)");
    }
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first fire strictly after {@code after}; empty if the expression never fires again. */
  @Override
  public Optional<Instant> nextAfter(Instant after) {
    LocalDateTime local = LocalDateTime.ofInstant(after, zone);
    ZoneOffsetTransition overlap = overlapAt(local);
    // Inside an overlap, fires of the whole repeated hour are ordered as a block; start before it.
    LocalDateTime cursor = overlap != null ? overlap.getDateTimeAfter().minusNanos(1) : local;
    for (int guard = 0; guard < 100_000; guard++) {
      Optional<LocalDateTime> next = nextWallClock(cursor);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      LocalDateTime fire = next.get();
      ZoneOffsetTransition transition = rules.getTransition(fire);
      if (transition != null && transition.isOverlap()) {
        Optional<Instant> found = firstInOverlap(transition, fire, after);
        if (found.isPresent()) {
          return found;
        }
        cursor = transition.getDateTimeBefore().minusNanos(1);
        continue;
      }
      Optional<Instant> instant = transition != null ? inGap(transition) : Optional.of(at(fire));
      if (instant.isPresent() && instant.get().isAfter(after)) {
        return instant;
      }
      cursor = fire;
    }
    throw new IllegalStateException("no fire found for '" + expression + "' after " + after);
  }

  /** Whether the expression matches this wall-clock time, DST aside. */
  public boolean matchesWallClock(LocalDateTime local) {
    return wallClock.isMatch(local.atZone(ZoneOffset.UTC));
  }

  private Optional<LocalDateTime> nextWallClock(LocalDateTime after) {
    return wallClock
        .nextExecution(after.atZone(ZoneOffset.UTC))
        .map(ZonedDateTime::toLocalDateTime);
  }

  private Instant at(LocalDateTime local) {
    return local.atZone(zone).toInstant();
  }

  private ZoneOffsetTransition overlapAt(LocalDateTime local) {
    ZoneOffsetTransition t = rules.getTransition(local);
    return t != null && t.isOverlap() ? t : null;
  }

  private Optional<Instant> inGap(ZoneOffsetTransition gap) {
    if (everyHour || dst.gap() == DstPolicy.Gap.SKIP) {
      return Optional.empty();
    }
    return Optional.of(gap.getInstant());
  }

  /**
   * The earliest instant after {@code after} among the overlap's fires, starting at the wall-clock
   * fire {@code first}: first occurrences, then second occurrences, as the policy allows.
   */
  private Optional<Instant> firstInOverlap(
      ZoneOffsetTransition overlap, LocalDateTime first, Instant after) {
    List<LocalDateTime> fires = new ArrayList<>();
    for (LocalDateTime f = first;
        f.isBefore(overlap.getDateTimeBefore());
        f = nextWallClock(f).orElse(LocalDateTime.MAX)) {
      fires.add(f);
    }
    boolean both = everyHour || dst.overlap() == DstPolicy.Overlap.BOTH;
    List<Instant> ordered = new ArrayList<>();
    if (both || dst.overlap() == DstPolicy.Overlap.FIRST) {
      fires.forEach(f -> ordered.add(f.atOffset(overlap.getOffsetBefore()).toInstant()));
    }
    if (both || dst.overlap() == DstPolicy.Overlap.LAST) {
      fires.forEach(f -> ordered.add(f.atOffset(overlap.getOffsetAfter()).toInstant()));
    }
    return ordered.stream().filter(i -> i.isAfter(after)).findFirst();
  }

  private static boolean matchesEveryHour(FieldExpression hour) {
    if (hour instanceof Always) {
      return true;
    }
    String text = hour.asString();
    return text.equals("*") || text.equals("*/1") || text.equals("0/1") || text.equals("0-23");
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
