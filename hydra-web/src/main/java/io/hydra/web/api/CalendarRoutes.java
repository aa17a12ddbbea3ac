package io.hydra.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.ValidationException;
import io.hydra.scheduler.engine.CalendarService;
import io.hydra.store.calendar.Calendars;
import io.hydra.store.calendar.StoredCalendar;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.json.JobSpecReader;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/calendars}: named calendars of dates that schedules exclude ({@code
 * schedule.calendar}) or run only on the business days of ({@code schedule.onlyOn}).
 */
final class CalendarRoutes {

  private static final Set<String> FIELDS = Set.of("kind", "name", "description", "dates");

  private final CalendarService calendars;

  CalendarRoutes(CalendarService calendars) {
    this.calendars = calendars;
  }

  void register(Javalin app) {
    app.get("/api/v1/calendars", this::list);
    app.get("/api/v1/calendars/{name}", this::get);
    app.put("/api/v1/calendars/{name}", this::put);
    app.delete("/api/v1/calendars/{name}", this::delete);
  }

  /** A calendar as answered: its dates in order, each once. */
  record CalendarView(
      String name,
      String description,
      List<LocalDate> dates,
      int version,
      Instant createdAt,
      Instant updatedAt) {

    static CalendarView of(StoredCalendar c) {
      return new CalendarView(
          c.name(),
          c.spec().description(),
          c.spec().dates(),
          c.version(),
          c.createdAt(),
          c.updatedAt());
    }
  }

  private void list(Context ctx) {
    ctx.json(new Views.Page<>(calendars.list().stream().map(CalendarView::of).toList(), null));
  }

  private void get(Context ctx) {
    ctx.json(CalendarView.of(find(ctx.pathParam("name"))));
  }

  /** Creates (201) or replaces (200) a calendar; {@code kind: calendar} may be left in the body. */
  private void put(Context ctx) {
    String name = ctx.pathParam("name");
    ObjectNode body = Bodies.object(ctx, FIELDS);
    if (body.has("kind") && !"calendar".equals(body.get("kind").asText())) {
      throw ValidationException.of("kind", "must be calendar (or left out)");
    }
    body.remove("kind");
    CalendarSpec spec = JobSpecReader.fromTree(body, CalendarSpec.class);
    Calendars.Change change = calendars.put(name, spec);
    ctx.status(change == Calendars.Change.CREATED ? 201 : 200).json(CalendarView.of(find(name)));
  }

  private void delete(Context ctx) {
    calendars.delete(ctx.pathParam("name"));
    ctx.status(204);
  }

  private StoredCalendar find(String name) {
    return calendars
        .get(name)
        .orElseThrow(() -> new NotFoundException("calendar '" + name + "' does not exist"));
  }
}
