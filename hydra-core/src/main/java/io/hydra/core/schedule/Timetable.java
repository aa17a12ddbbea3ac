package io.hydra.core.schedule;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A job's schedules together (docs/scheduling.md, Several schedules; Calendars): their fire times
 * merged, one fire per instant however many schedules fire at it (a run is keyed by job and logical
 * time), and the calendar dates each schedule does not run on. A fire still happens on an excluded
 * date; it is recorded as a skipped run, so the grid shows the day was left out on purpose.
 */
public final class Timetable implements FireTimes {

  /** One schedule, parsed. */
  public record Part(ScheduleSpec spec, CronSchedule cron) {}

  private final List<Part> parts;
  private final Map<String, CalendarSpec> calendars;

  /**
   * @param parts at least one schedule, normalized, in the order the job lists them
   * @param calendars calendars by name; a name not found here excludes no date (a job naming an
   *     unknown calendar is refused when it is saved, and a calendar in use cannot be deleted)
   */
  public Timetable(List<Part> parts, Map<String, CalendarSpec> calendars) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a timetable needs a schedule");
    }
    this.parts = List.copyOf(parts);
    this.calendars = Map.copyOf(calendars);
  }

  /** Parses every schedule; a parse error names {@code schedule.cron} as {@link CronSchedule}. */
  public static Timetable of(List<ScheduleSpec> schedules, Map<String, CalendarSpec> calendars) {
    return of(schedules, CronSchedule::parse, calendars);
  }

  /** As {@link #of(List, Map)}, with parsed schedules from {@code parser} (a cache). */
  public static Timetable of(
      List<ScheduleSpec> schedules,
      Function<ScheduleSpec, CronSchedule> parser,
      Map<String, CalendarSpec> calendars) {
    List<Part> parts = new ArrayList<>();
    for (ScheduleSpec s : schedules) {
      ScheduleSpec normal = s.normalized();
      parts.add(new Part(normal, parser.apply(normal)));
    }
    return new Timetable(parts, calendars);
  }

  public List<Part> parts() {
    return parts;
  }

  /** The zone of the first schedule: the one a job's logical times take their dates in. */
  public ZoneId zone() {
    return parts.get(0).cron().zone();
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    Optional<Instant> earliest = Optional.empty();
    for (Part p : parts) {
      Optional<Instant> next = p.cron().nextAfter(after);
      if (next.isPresent() && (earliest.isEmpty() || next.get().isBefore(earliest.get()))) {
        earliest = next;
      }
    }
    return earliest;
  }

  /**
   * The schedules that fire at {@code fire}. A job with one schedule answers it without asking: a
   * stored fire is taken as stored (it may predate a change of the expression). A fire no schedule
   * makes (the same, with several) counts as the first schedule's.
   */
  public List<Part> producers(Instant fire) {
    if (parts.size() == 1) {
      return parts;
    }
    Instant before = fire.minusNanos(1);
    List<Part> producers =
        parts.stream().filter(p -> p.cron().nextAfter(before).equals(Optional.of(fire))).toList();
    return producers.isEmpty() ? List.of(parts.get(0)) : producers;
  }

  /**
   * Why {@code fire} is not run: every schedule that fires at it excludes its date (the reason is
   * the first one's); empty if one of them runs it. The reason carries the fire.
   */
  public Optional<Reason> exclusion(Instant fire) {
    Reason first = null;
    for (Part p : producers(fire)) {
      Optional<Reason> why = excludedBy(p, fire);
      if (why.isEmpty()) {
        return Optional.empty();
      }
      first = first == null ? why.get() : first;
    }
    return Optional.ofNullable(first);
  }

  /** Why schedule {@code p} does not run at {@code fire}, by its calendars; empty if it does. */
  public Optional<Reason> excludedBy(Part p, Instant fire) {
    if (p.spec().calendar() == null && p.spec().onlyOn() == null) {
      return Optional.empty(); // most schedules: no date to look up
    }
    LocalDate date = LocalDate.ofInstant(fire, p.cron().zone());
    CalendarSpec excluded = calendar(p.spec().calendar());
    if (excluded != null && excluded.contains(date)) {
      return Optional.of(reason(fire, excluded.name(), "calendar", date));
    }
    CalendarSpec only = calendar(p.spec().onlyOn());
    if (only != null && !only.isBusinessDay(date)) {
      return Optional.of(reason(fire, only.name(), "onlyOn", date));
    }
    return Optional.empty();
  }

  private CalendarSpec calendar(String name) {
    return name == null ? null : calendars.get(name);
  }

  private static Reason reason(Instant fire, String calendar, String rule, LocalDate date) {
    return Reason.of(
        ReasonKind.CALENDAR,
        Reason.FIRE,
        fire,
        Reason.CALENDAR,
        calendar,
        Reason.RULE,
        rule,
        Reason.DATE,
        date);
  }
}
