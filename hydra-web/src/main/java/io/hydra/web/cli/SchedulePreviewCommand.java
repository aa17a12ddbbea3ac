package io.hydra.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.calendar.CalendarSpec;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.CronDialect;
import io.hydra.core.job.DstPolicy;
import io.hydra.core.job.ScheduleSpec;
import io.hydra.core.schedule.CronSchedule;
import io.hydra.core.schedule.SchedulePreview;
import io.hydra.core.schedule.Timetable;
import io.hydra.core.validate.CalendarValidator;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hydra schedule preview "<cron>"}: prints the next fire times, one ISO-8601 date-time with
 * the zone's offset per line and nothing else, so scripts can read it. With a calendar file, a fire
 * on a date it excludes is followed by {@code skipped: calendar NAME} on its line.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = "Print the next fire times of a cron expression, one per line.")
final class SchedulePreviewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CRON", description = "The cron expression (quote it).")
  String cron;

  @Option(
      names = "--tz",
      defaultValue = "UTC",
      description = "IANA time zone (default: ${DEFAULT-VALUE}).")
  String zone;

  @Option(
      names = "--from",
      description =
          "Start after this time: 2026-03-08T00:00:00Z, with an offset, or a local "
              + "date-time or date read in --tz (default: now).")
  String from;

  @Option(
      names = "--count",
      defaultValue = "10",
      description =
          "How many fire times (1-"
              + SchedulePreview.MAX_COUNT
              + ", default: "
              + "${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--dialect", defaultValue = "unix", description = "unix (default) or quartz.")
  String dialect;

  @Option(
      names = "--gap",
      defaultValue = "shift",
      description = "A time skipped by DST: shift (default) or skip.")
  String gap;

  @Option(
      names = "--overlap",
      defaultValue = "first",
      description = "A time repeated by DST: first (default), last or both.")
  String overlap;

  @Option(
      names = "--calendar",
      paramLabel = "FILE",
      description =
          "A calendar file (kind: calendar) whose dates the schedule excludes; such fires are"
              + " marked 'skipped: calendar NAME'.")
  Path calendar;

  @Option(
      names = "--only-on",
      paramLabel = "FILE",
      description =
          "A calendar file whose business days (Monday to Friday, not its dates) are the only"
              + " days the schedule runs on; other fires are marked 'skipped: onlyOn NAME'.")
  Path onlyOn;

  @Override
  public Integer call() {
    if (count < 1 || count > SchedulePreview.MAX_COUNT) {
      throw ValidationException.of("--count", "must be between 1 and " + SchedulePreview.MAX_COUNT);
    }
    ZoneId tz = CronSchedule.zone(zone);
    DstPolicy dst =
        new DstPolicy(
            option("--gap", gap, DstPolicy.Gap.class),
            option("--overlap", overlap, DstPolicy.Overlap.class));
    CronSchedule schedule =
        CronSchedule.parse(cron, option("--dialect", dialect, CronDialect.class), tz, dst);
    Instant start = from == null ? Instant.now() : parseFrom(from, tz);
    Map<String, CalendarSpec> calendars = new HashMap<>();
    String excludes = read("--calendar", calendar, calendars);
    String only = read("--only-on", onlyOn, calendars);
    ScheduleSpec s =
        new ScheduleSpec(cron, null, zone, dst, null, null, excludes, only).normalized();
    Timetable timetable = new Timetable(List.of(new Timetable.Part(s, schedule)), calendars);
    List<SchedulePreview.Fire> fires = SchedulePreview.next(timetable, start, count);
    if (fires.isEmpty()) {
      throw ValidationException.of(
          "cron", "'" + cron + "' never fires after " + start + " (no date matches every field)");
    }
    for (SchedulePreview.Fire fire : fires) {
      // Without a calendar the output is one date-time per line and nothing else, for scripts.
      String mark = fire.excluded() == null ? "" : "  skipped: " + fire.excluded();
      spec.commandLine()
          .getOut()
          .println(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(fire.local()) + mark);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Reads a calendar file into {@code into}; returns its name, or null without a file. */
  private static String read(String flag, Path file, Map<String, CalendarSpec> into) {
    if (file == null) {
      return null;
    }
    try {
      JsonNode tree = Json.yaml().readTree(Files.readString(file));
      if (tree instanceof ObjectNode object) {
        object.remove("kind");
      }
      CalendarSpec c = JobSpecReader.fromTree(tree, CalendarSpec.class);
      List<FieldError> errors = CalendarValidator.validate(c);
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
      into.put(c.name(), c);
      return c.name();
    } catch (IOException e) {
      throw ValidationException.of(flag, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private static <E extends Enum<E>> E option(String flag, String value, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw ValidationException.of(
        flag,
        "'"
            + value
            + "' is not one of "
            + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase()).toList());
  }

  static Instant parseFrom(String text, ZoneId zone) {
    try {
      return Instant.parse(text);
    } catch (DateTimeException ignored) {
      // not an instant; try the other accepted forms
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException ignored) {
      // not an offset date-time
    }
    try {
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeException ignored) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(text).atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      throw ValidationException.of(
          "--from",
          "'"
              + text
              + "' is not an ISO-8601 date-time "
              + "(2026-03-08T00:00:00Z, 2026-03-08T00:00:00-05:00, 2026-03-08T00:00 or 2026-03-08)");
    }
  }
}
