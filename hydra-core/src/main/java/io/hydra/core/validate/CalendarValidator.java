package io.hydra.core.validate;

import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.job.JobSpec;
import io.hydra.core.job.ScheduleSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks calendars, and the calendars jobs name. Every error names the field, e.g. {@code dates[3]}
 * of a calendar or {@code schedule[1].calendar} of a job.
 */
public final class CalendarValidator {

  private CalendarValidator() {}

  /** Problems of one calendar; empty if it is valid. */
  public static List<FieldError> validate(CalendarSpec calendar) {
    List<FieldError> errors = new ArrayList<>();
    String name = calendar.name();
    if (name == null || name.isBlank()) {
      errors.add(new FieldError("name", "is required"));
    } else if (!JobValidator.NAME.matcher(name).matches()) {
      errors.add(
          new FieldError(
              "name",
              "'"
                  + name
                  + "' must be 1-128 characters: lower-case letters, digits, '.', '_' or '-',"
                  + " starting with a letter or digit"));
    }
    if (calendar.dates().size() > CalendarSpec.MAX_DATES) {
      errors.add(new FieldError("dates", "has more than " + CalendarSpec.MAX_DATES + " dates"));
    }
    Set<LocalDate> seen = new HashSet<>();
    for (int i = 0; i < calendar.dates().size(); i++) {
      LocalDate date = calendar.dates().get(i);
      if (date == null) {
        errors.add(new FieldError("dates[" + i + "]", "must be a date such as 2027-12-25"));
      } else if (!seen.add(date)) {
        errors.add(new FieldError("dates[" + i + "]", date + " is listed twice"));
      }
    }
    return errors;
  }

  /**
   * The calendars {@code job} names that are not among {@code known}, each as an error on the field
   * that names it ({@code schedule.calendar}, or {@code schedule[1].onlyOn} with several
   * schedules).
   */
  public static List<FieldError> unknownCalendars(JobSpec job, Set<String> known) {
    return unknownCalendars(job.allSchedules(), known);
  }

  /** As {@link #unknownCalendars(JobSpec, Set)}, for a job's schedules. */
  public static List<FieldError> unknownCalendars(List<ScheduleSpec> schedules, Set<String> known) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < schedules.size(); i++) {
      ScheduleSpec s = schedules.get(i);
      if (s == null) {
        continue;
      }
      String at = schedules.size() == 1 ? "schedule" : "schedule[" + i + "]";
      unknown(at + ".calendar", s.calendar(), known, errors);
      unknown(at + ".onlyOn", s.onlyOn(), known, errors);
    }
    return errors;
  }

  private static void unknown(
      String field, String name, Set<String> known, List<FieldError> errors) {
    if (name != null && !known.contains(name)) {
      errors.add(new FieldError(field, "unknown calendar '" + name + "'"));
    }
  }
}
