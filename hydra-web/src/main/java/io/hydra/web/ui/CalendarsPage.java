package io.hydra.web.ui;

import io.hydra.scheduler.engine.CalendarService;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.calendar.StoredCalendar;
import io.hydra.web.auth.Principal;
import io.javalin.Javalin;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /calendars}: every calendar, its dates and the jobs whose schedules name it. Read-only:
 * calendars are defined in files and applied with the jobs, or through the API.
 */
public final class CalendarsPage {

  private final CalendarService calendars;
  private final JobService jobs;
  private final boolean tokens;

  CalendarsPage(CalendarService calendars, JobService jobs, boolean tokens) {
    this.calendars = calendars;
    this.jobs = jobs;
    this.tokens = tokens;
  }

  void register(Javalin app) {
    app.get(
        "/calendars",
        ctx -> {
          Principal principal = Principal.of(ctx);
          List<Row> rows =
              calendars.list().stream()
                  .map(c -> row(c, visible(calendars.usedBy(c.name()), principal)))
                  .toList();
          Chrome chrome = Chrome.of("Calendars", Viewer.of(ctx, tokens), "calendars");
          Templates.page(ctx, "calendars.jte", new Model(chrome, rows));
        });
  }

  /** One calendar: its dates as written in a file, and the jobs that name it. */
  public record Row(String name, String description, int count, String dates, List<String> jobs) {}

  /** The model of {@code calendars.jte}. */
  public record Model(Chrome chrome, List<Row> rows) {}

  /** An owner-limited viewer sees only the jobs of its owners, here as on every page. */
  private List<String> visible(List<String> names, Principal principal) {
    return names.stream()
        .filter(
            name ->
                jobs.get(name)
                    .map(j -> principal.reaches(j.spec().owner() == null ? "" : j.spec().owner()))
                    .orElse(false))
        .toList();
  }

  private static Row row(StoredCalendar c, List<String> jobs) {
    List<LocalDate> dates = c.spec().dates();
    return new Row(
        c.name(),
        c.spec().description() == null ? "" : c.spec().description(),
        dates.size(),
        dates.stream().map(LocalDate::toString).collect(Collectors.joining(", ")),
        jobs);
  }
}
