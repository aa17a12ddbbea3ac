package io.hydra.web.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.schedule.CronSchedule;
import io.hydra.core.schedule.SchedulePreview;
import io.hydra.core.schedule.Timetable;
import io.hydra.core.validate.CalendarValidator;
import io.hydra.store.json.JobSpecReader;
import io.hydra.web.http.Bodies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code POST /api/v1/schedule/preview}: the next fire times of a schedule, before saving it. */
final class ScheduleRoutes {

  private static final Set<String> SCHEDULE_FIELDS =
      Set.of("cron", "dialect", "timezone", "dst", "calendar", "onlyOn");
  private static final int DEFAULT_COUNT = 10;
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final Supplier<Instant> now;
  private final Supplier<Map<String, CalendarSpec>> calendars;

  ScheduleRoutes(Supplier<Instant> now, Supplier<Map<String, CalendarSpec>> calendars) {
    this.now = now;
    this.calendars = calendars;
  }

  void register(Javalin app) {
    app.post("/api/v1/schedule/preview", this::preview);
  }

  /** {@code excluded} names the calendar that excludes the fire's date, e.g. {@code calendar x}. */
  record FireView(Instant utc, String local, String dst, String excluded) {}

  record PreviewView(String cron, String timezone, Instant from, List<FireView> fires) {}

  private void preview(Context ctx) {
    ObjectNode body =
        Bodies.object(
            ctx,
            Set.of("cron", "dialect", "timezone", "dst", "calendar", "onlyOn", "from", "count"));
    ObjectNode schedule = body.deepCopy();
    schedule.retain(SCHEDULE_FIELDS);
    ScheduleSpec spec = JobSpecReader.fromTree(schedule, ScheduleSpec.class).normalized();
    CronSchedule parsed = parse(spec);
    Map<String, CalendarSpec> known = calendars.get();
    List<FieldError> unknown = CalendarValidator.unknownCalendars(List.of(spec), known.keySet());
    if (!unknown.isEmpty()) {
      throw new ValidationException(unprefixed(unknown));
    }
    Timetable timetable = new Timetable(List.of(new Timetable.Part(spec, parsed)), known);
    Instant from = Bodies.instant(body, "from");
    int count = count(body);
    List<FireView> fires =
        SchedulePreview.next(timetable, from == null ? now.get() : from, count).stream()
            .map(f -> new FireView(f.utc(), ISO.format(f.local()), f.dst(), f.excluded()))
            .toList();
    if (fires.isEmpty()) {
      throw ValidationException.of(
          "cron", "'" + spec.cron() + "' never fires after " + (from == null ? now.get() : from));
    }
    ctx.json(new PreviewView(spec.cron(), spec.timezone(), from, fires));
  }

  /** This endpoint's fields are the schedule's own, so errors drop the {@code schedule.} prefix. */
  private static CronSchedule parse(ScheduleSpec spec) {
    try {
      return CronSchedule.parse(spec);
    } catch (ValidationException e) {
      throw new ValidationException(unprefixed(e.errors()));
    }
  }

  private static List<FieldError> unprefixed(List<FieldError> errors) {
    return errors.stream()
        .map(err -> new FieldError(err.field().replaceFirst("^schedule\\.", ""), err.message()))
        .toList();
  }

  private static int count(ObjectNode body) {
    if (!body.has("count") || body.get("count").isNull()) {
      return DEFAULT_COUNT;
    }
    if (!body.get("count").canConvertToInt() || !body.get("count").isIntegralNumber()) {
      throw ValidationException.of("count", "expected an integer");
    }
    int count = body.get("count").asInt();
    if (count < 1 || count > SchedulePreview.MAX_COUNT) {
      throw ValidationException.of("count", "must be between 1 and " + SchedulePreview.MAX_COUNT);
    }
    return count;
  }
}
