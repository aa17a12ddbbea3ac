package io.hydra.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A named calendar of dates (public holidays, a month-end freeze), written as YAML like a job
 * ({@code kind: calendar}). A schedule refers to it by name: {@code schedule.calendar} does not run
 * on its dates, {@code schedule.onlyOn} runs only on its business days (Monday to Friday, not one
 * of its dates). Dates are days of the schedule's own time zone.
 *
 * @param dates the calendar's dates; order and repeats do not matter to what it means
 */
public record CalendarSpec(String name, String description, List<LocalDate> dates) {

  /** At most this many dates in one calendar: decades of holidays, not a list of every day. */
  public static final int MAX_DATES = 10_000;

  public CalendarSpec {
    // Null entries are kept for the validator to name (dates[i]); everything else reads a copy.
    dates = dates == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dates));
  }

  /** Whether {@code date} is one of the calendar's dates. */
  public boolean contains(LocalDate date) {
    return dates.contains(date);
  }

  /** Monday to Friday and not one of the calendar's dates. */
  public boolean isBusinessDay(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY && !contains(date);
  }

  /** The dates in order, each once: how the calendar is stored and answered. */
  public CalendarSpec normalized() {
    Set<LocalDate> sorted = new TreeSet<>();
    dates.stream().filter(d -> d != null).forEach(sorted::add);
    return new CalendarSpec(name, description, List.copyOf(sorted));
  }
}
